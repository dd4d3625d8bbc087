package dev.lap.vault.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsFileTest {
    static final String GITHUB_REAL = "ghp_Zq9Xw2Lk8Vb3Nm4Rt7Yu1Io5Pa6Sd0Fg2HjK";
    static final String ANTHROPIC_REAL =
            "sk-ant-api03-Qw3Er5Ty7Ui9Op1As3Df5Gh7Jk9Lz1Xc3Vb5Nm7Qw9Er1Ty3Ui5Op7As9Df1Gh3Jk5Lz7Xc9Vb1Nm3-Ab1Cd2AA";

    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("credentials.yaml"), yaml);
    }

    private List<String> errors(CredentialsFile.Result result) {
        assertThat(result).isInstanceOf(CredentialsFile.Invalid.class);
        return ((CredentialsFile.Invalid) result)
                .errors().stream().map(CredentialsError::render).toList();
    }

    @Test
    void readsAValidFileIntoCredentials() throws IOException {
        Files.writeString(dir.resolve("anthropic"), ANTHROPIC_REAL + "\n");
        Path file = write("""
                credentials:
                  - id: github
                    env: GITHUB_TOKEN
                    value_from: {env: LAP_REAL_GITHUB_TOKEN}
                    hosts: [api.github.com, GitHub.com, "*.corp.example.com"]
                    placements: [authorization, "header:X-Api-Key", "query:access_token", body]
                  - id: anthropic
                    env: ANTHROPIC_API_KEY
                    value_from: {file: anthropic}
                    hosts: [api.anthropic.com, "bücher.example"]
                    placements: [header:x-api-key]
                """);
        CredentialsFile.Result result = CredentialsFile.read(file, Map.of("LAP_REAL_GITHUB_TOKEN", GITHUB_REAL));

        assertThat(result).isInstanceOf(CredentialsFile.Loaded.class);
        List<Credential> credentials = ((CredentialsFile.Loaded) result).credentials();
        assertThat(credentials).extracting(Credential::id).containsExactly("github", "anthropic");
        Credential github = credentials.get(0);
        assertThat(github.secret().reveal()).isEqualTo(GITHUB_REAL);
        assertThat(github.source()).isEqualTo(new SecretSource.Env("LAP_REAL_GITHUB_TOKEN"));
        assertThat(github.hosts())
                .extracting(HostPattern::toString)
                .containsExactly("api.github.com", "github.com", "*.corp.example.com");
        assertThat(github.placements())
                .containsExactlyInAnyOrder(
                        Placement.AUTHORIZATION,
                        new Placement.Header("x-api-key"),
                        new Placement.Query("access_token"),
                        Placement.BODY);
        Credential anthropic = credentials.get(1);
        assertThat(anthropic.secret().reveal())
                .as("one trailing newline trimmed")
                .isEqualTo(ANTHROPIC_REAL);
        assertThat(anthropic.hosts()).extracting(HostPattern::toString).contains("xn--bcher-kva.example");
        assertThat(anthropic.toString()).doesNotContain(ANTHROPIC_REAL).contains("sha256:");
    }

    @Test
    void reportsEveryProblemAtOnceWithLineAndColumn() throws IOException {
        Path file = write("""
                credentials:
                  - id: GitHub
                    env: GITHUB_TOKEN
                    value_from: {env: NOT_SET}
                    hosts: ["*", "*.com", "api.github.com:443"]
                    placements: [authorisation]
                    colour: blue
                  - id: other
                    env: GITHUB_TOKEN
                    value_from: {env: A, file: /b}
                    hosts: ["*.co.uk"]
                    placements: [header:authorization]
                """);
        List<String> errors = errors(CredentialsFile.read(file, Map.of()));

        assertThat(errors)
                .containsExactly(
                        file + ":2:9: id `GitHub` must be lower-case letters, digits, `-` and `_`, starting with a"
                                + " letter or digit",
                        file + ":4:17: credential `GitHub`: value_from.env names NOT_SET, which is not set in"
                                + " the vault's environment; export it before starting the vault",
                        file + ":5:13: credential `GitHub`: a bare `*` would bind the credential to every host;"
                                + " list the hosts",
                        file + ":5:18: credential `GitHub`: `*.com` is a wildcard on a public suffix (anyone can"
                                + " register a name under `com`); bind the credential to the hosts you mean",
                        file + ":5:27: credential `GitHub`: `api.github.com:443` has a port or is an IPv6"
                                + " literal; a binding is a host name (or IPv4 address), without port",
                        file + ":6:18: credential `GitHub`: `authorisation` is not a placement; use"
                                + " authorization, body, header:NAME or query:NAME",
                        file + ":7:5: unknown key `colour` in a credential; the keys are id, env, value_from, hosts,"
                                + " placements",
                        file + ":9:10: credential `other`: env `GITHUB_TOKEN` is already used at line 3; each"
                                + " credential needs its own variable",
                        file + ":10:17: credential `other`: value_from has both `env` and `file`; keep exactly one",
                        file + ":11:13: credential `other`: `*.co.uk` is a wildcard on a public suffix (anyone can"
                                + " register a name under `co.uk`); bind the credential to the hosts you mean",
                        file + ":12:18: credential `other`: write `authorization` rather than `header:authorization`");
    }

    @Test
    void missingKeysAndWrongShapesAreNamed() throws IOException {
        Path file = write("""
                credentials:
                  - id: github
                    hosts: api.github.com
                  - just a string
                """);
        List<String> errors = errors(CredentialsFile.read(file, Map.of()));
        assertThat(errors)
                .containsExactly(
                        file + ":2:5: missing `env`; the sandbox variable that receives the stub, e.g. `env:"
                                + " GITHUB_TOKEN`",
                        file + ":2:5: credential `github`: missing `placements`; e.g. `placements: [authorization]`",
                        file + ":2:5: credential `github`: missing `value_from`; add `value_from: {env: VARIABLE}` or"
                                + " `value_from: {file: /path}`",
                        file + ":3:12: `hosts` must be a list, e.g. `hosts: [ ... ]`",
                        file + ":4:5: each credential is a mapping with id, env, value_from, hosts and placements");
    }

    @Test
    void anUnreadableValueFileNamesTheCredentialNotTheValue() throws IOException {
        Path file = write("""
                credentials:
                  - id: github
                    env: GITHUB_TOKEN
                    value_from: {file: /nonexistent/gh}
                    hosts: [api.github.com]
                    placements: [authorization]
                """);
        assertThat(errors(CredentialsFile.read(file, Map.of())))
                .containsExactly(file + ":4:17: credential `github`: value_from.file /nonexistent/gh does not exist;"
                        + " create it or fix the path");
    }

    @Test
    void aValueWithALineBreakInsideIsRefusedWithoutPrintingIt() throws IOException {
        Files.writeString(dir.resolve("gh"), GITHUB_REAL + "\nsecond-line-secret\n");
        Path file = write("""
                credentials:
                  - id: github
                    env: GITHUB_TOKEN
                    value_from: {file: gh}
                    hosts: [api.github.com]
                    placements: [authorization]
                """);
        List<String> errors = errors(CredentialsFile.read(file, Map.of()));
        assertThat(errors)
                .singleElement()
                .asString()
                .contains("line break")
                .doesNotContain(GITHUB_REAL)
                .doesNotContain("second-line-secret");
    }

    @Test
    void yamlSyntaxErrorsCarryTheirPosition() throws IOException {
        Path file = write("credentials:\n  - id: [unclosed\n");
        assertThat(errors(CredentialsFile.read(file, Map.of())))
                .singleElement()
                .asString()
                .startsWith(file + ":")
                .contains("not valid YAML");
    }

    @Test
    void anEmptyListIsAVaultWithoutCredentials() throws IOException {
        assertThat(CredentialsFile.read(write("credentials: []\n"), Map.of()))
                .isEqualTo(new CredentialsFile.Loaded(List.of()));
    }

    @Test
    void theSandboxsProxyVariablesCannotCarryAStub() throws IOException {
        Path file = write("""
                credentials:
                  - id: github
                    env: HTTPS_PROXY
                    value_from: {env: GH}
                    hosts: [api.github.com]
                    placements: [authorization]
                """);
        assertThat(errors(CredentialsFile.read(file, Map.of("GH", GITHUB_REAL))))
                .singleElement()
                .asString()
                .contains(":3:10:", "set by the vault for the sandbox itself");
    }
}
