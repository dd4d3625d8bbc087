package dev.lap.vault.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StubsTest {
    @TempDir
    Path dir;

    static Credential credential(String id, String env, String real, String... hosts) {
        return new Credential(
                id,
                env,
                new SecretSource.Env("LAP_REAL_" + env),
                new Secret(real),
                java.util.Arrays.stream(hosts.length == 0 ? new String[] {"api.example.com"} : hosts)
                        .map(HostPattern::parse)
                        .toList(),
                Set.of(Placement.AUTHORIZATION));
    }

    private String stubFor(String real) throws CredentialsException {
        Path privateDir = dir.resolve("p" + Math.abs(real.hashCode()));
        return Credentials.open(List.of(credential("c", "C", real)), privateDir)
                .stub("c")
                .orElseThrow();
    }

    @Test
    void aStubKeepsThePrefixLengthAndCharacterClassOfKnownTokens() throws CredentialsException {
        String github = "ghp_Zq9Xw2Lk8Vb3Nm4Rt7Yu1Io5Pa6Sd0Fg2HjK";
        String fineGrained =
                "github_pat_11ABCDEFG0abcdefghijkl_mnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghij";
        String anthropic =
                "sk-ant-api03-Qw3Er5Ty7Ui9Op1As3Df5Gh7Jk9Lz1Xc3Vb5Nm7Qw9Er1Ty3Ui5Op7As9Df1Gh3Jk5Lz7Xc9Vb1Nm3-Ab1Cd2AA";
        String slack = "xoxb-1234567890123-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx";
        String hex = "0123456789abcdef0123456789abcdef0123456789abcdef";

        assertThat(stubFor(github)).hasSize(github.length()).startsWith("ghp_").matches("ghp_[A-Za-z0-9]{36}");
        assertThat(stubFor(fineGrained))
                .hasSize(fineGrained.length())
                .startsWith("github_pat_")
                .satisfies(s -> assertThat(s.charAt(33)).isEqualTo('_'));
        assertThat(stubFor(anthropic))
                .hasSize(anthropic.length())
                .startsWith("sk-ant-api03-")
                .satisfies(s -> assertThat(s.charAt(anthropic.lastIndexOf('-'))).isEqualTo('-'));
        assertThat(stubFor(slack)).hasSize(slack.length()).matches("xoxb-[0-9]{13}-[0-9]{13}-[A-Za-z0-9]{24}");
        assertThat(stubFor(hex)).hasSize(hex.length()).matches("[0-9a-f]{48}");
        for (String real : List.of(github, fineGrained, anthropic, slack, hex)) {
            assertThat(stubFor(real)).isNotEqualTo(real);
        }
    }

    @Test
    void stubsAreUniquePerVaultAndUnguessable() throws CredentialsException {
        String real = "ghp_Zq9Xw2Lk8Vb3Nm4Rt7Yu1Io5Pa6Sd0Fg2HjK";
        Set<String> seen = new HashSet<>();
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 200; i++) {
            Credentials c = Credentials.open(List.of(credential("c", "C", real)), dir.resolve("v" + i), random);
            assertThat(seen.add(c.stub("c").orElseThrow())).isTrue();
        }
    }

    @Test
    void aValueTooShortForA128BitStubIsRefusedWithTheLengthNeeded() {
        // An AWS access key id: 16 characters of [A-Z0-9] after AKIA carry about 83 bits.
        assertThatThrownBy(() ->
                        Credentials.open(List.of(credential("aws", "AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")), dir))
                .isInstanceOfSatisfying(CredentialsException.class, e -> {
                    assertThat(e.code()).isEqualTo(CredentialsException.Code.VALUE_TOO_SHORT);
                    assertThat(e.getMessage())
                            .contains(
                                    "credential aws",
                                    "20 characters",
                                    "at least 29 characters",
                                    "LAP_REAL_AWS_ACCESS_KEY_ID")
                            .doesNotContain("AKIAIOSFODNN7EXAMPLE");
                });
    }

    @Test
    void stubsSurviveARestartAndChangeWhenTheRealValueChanges() throws CredentialsException, IOException {
        String real = "ghp_Zq9Xw2Lk8Vb3Nm4Rt7Yu1Io5Pa6Sd0Fg2HjK";
        String other = "glpat-Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0";
        Path privateDir = dir.resolve("vault");
        Credentials first = Credentials.open(
                List.of(credential("github", "GITHUB_TOKEN", real), credential("gitlab", "GITLAB_TOKEN", other)),
                privateDir);
        Credentials again = Credentials.open(
                List.of(credential("github", "GITHUB_TOKEN", real), credential("gitlab", "GITLAB_TOKEN", other)),
                privateDir);
        assertThat(again.stubEnvironment()).isEqualTo(first.stubEnvironment());

        Path store = privateDir.resolve("stubs.json");
        assertThat(Files.getPosixFilePermissions(privateDir)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(store)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(store))
                .doesNotContain(real)
                .doesNotContain(other)
                .contains("sha256:");

        String rotated = "ghp_Rt7Yu1Io5Pa6Sd0Fg2HjZq9Xw2Lk8Vb3Nm4X";
        Credentials afterRotation = Credentials.open(
                List.of(credential("github", "GITHUB_TOKEN", rotated), credential("gitlab", "GITLAB_TOKEN", other)),
                privateDir);
        assertThat(afterRotation.stub("github")).isNotEqualTo(first.stub("github"));
        assertThat(afterRotation.stub("gitlab")).isEqualTo(first.stub("gitlab"));
    }

    @Test
    void aCorruptStoreIsAnErrorNotASilentReissue() throws IOException {
        Path privateDir = Files.createDirectories(dir.resolve("vault"));
        Files.writeString(privateDir.resolve("stubs.json"), "{not json");
        assertThatThrownBy(() -> Credentials.open(
                        List.of(credential("c", "C", "ghp_Zq9Xw2Lk8Vb3Nm4Rt7Yu1Io5Pa6Sd0Fg2HjK")), privateDir))
                .isInstanceOfSatisfying(
                        CredentialsException.class,
                        e -> assertThat(e.code()).isEqualTo(CredentialsException.Code.STUB_STORE_CORRUPT));
    }

    @Test
    void theEnvFileHoldsStubsAndNeverARealValue() throws CredentialsException, IOException {
        String real = "ghp_Zq9Xw2Lk8Vb3Nm4Rt7Yu1Io5Pa6Sd0Fg2HjK";
        Credentials c = Credentials.open(List.of(credential("github", "GITHUB_TOKEN", real)), dir.resolve("vault"));
        Path env = dir.resolve("stubs.env");
        c.writeStubsEnv(env);
        assertThat(Files.readString(env))
                .isEqualTo("GITHUB_TOKEN=" + c.stub("github").orElseThrow() + "\n");
        assertThat(Files.getPosixFilePermissions(env)).isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
    }
}
