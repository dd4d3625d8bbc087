package dev.lap.vault.credentials;

import static dev.lap.vault.credentials.StubsTest.credential;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.audit.Fingerprint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Credentials#capture}: a value an upstream issued, held as a credential bound to that host. */
class CaptureTest {
    private static final String GITHUB = "ghp_Zq9Xw2Lk8Vb3Nm4Rt7Yu1Io5Pa6Sd0Fg2HjK";
    private static final String OAUTH = "gho_Aa1Bb2Cc3Dd4Ee5Ff6Gg7Hh8Ii9Jj0Kk1LlM";
    private static final String OAUTH_2 = "gho_Mm1Nn2Oo3Pp4Qq5Rr6Ss7Tt8Uu9Vv0Ww1XxY";
    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    private static final Duration GRACE = Duration.ofMinutes(10);

    @TempDir
    Path dir;

    private Credentials open() throws CredentialsException {
        return Credentials.open(List.of(credential("github", "GITHUB_TOKEN", GITHUB, "api.github.com")), dir);
    }

    private CaptureResult.Kept capture(Credentials c, String id, String host, Placement placement, String value) {
        var r = c.capture(id, host, placement, "json:access_token", value, dir, NOW, GRACE, new SecureRandom());
        assertThat(r).isInstanceOf(CaptureResult.Kept.class);
        return (CaptureResult.Kept) r;
    }

    @Test
    void aCapturedValueGetsAStubOfItsShapeAndIsFoundAsACapturedCredential() throws Exception {
        var kept = capture(open(), "oauth", "github.com", Placement.AUTHORIZATION, OAUTH);
        assertThat(kept.stub()).startsWith("gho_").hasSameSizeAs(OAUTH).isNotEqualTo(OAUTH);
        assertThat(kept.fingerprint()).isEqualTo(Fingerprint.of(OAUTH));
        var c = kept.credentials();
        assertThat(c.capturedIds()).containsExactly("oauth");
        assertThat(c.find(List.of(Map.entry("Authorization", "Bearer " + kept.stub())), null))
                .containsExactly(new FoundStub("oauth", "", Placement.AUTHORIZATION, true));
        assertThat(c.redact("x " + kept.stub() + " " + OAUTH)).isEqualTo("x <stub:oauth> <secret:oauth>");
        assertThat(c.scrubText("{\"t\":\"" + OAUTH + "\"}")).isEqualTo("{\"t\":\"" + kept.stub() + "\"}");
    }

    @Test
    void itIsSwappedOnlyTowardExactlyItsHostInItsPlacementWhenInjected() throws Exception {
        var kept = capture(open(), "oauth", "github.com", Placement.AUTHORIZATION, OAUTH);
        var c = kept.credentials();
        var headers = List.of(Map.entry("Authorization", "Bearer " + kept.stub()));
        assertThat(c.swap(headers, null, "github.com", Set.of("oauth")).headers())
                .containsExactly(Map.entry("Authorization", "Bearer " + OAUTH));
        assertThat(c.swap(headers, null, "api.github.com", Set.of("oauth")).swaps())
                .as("another host")
                .isEmpty();
        assertThat(c.swap(headers, null, "github.com", Set.of("github")).swaps())
                .as("not injected")
                .isEmpty();
        var elsewhere = List.of(Map.entry("X-Token", kept.stub()));
        assertThat(c.swap(elsewhere, null, "github.com", Set.of("oauth")).swaps())
                .as("another placement")
                .isEmpty();
        assertThat(c.swap(List.of(), "t=" + kept.stub(), "github.com", Set.of("oauth"))
                        .swaps())
                .isEmpty();
        assertThat(c.bodySwapper("github.com", Set.of("oauth")).isEmpty()).isTrue();
    }

    @Test
    void aCookieIsSwappedInTheCookieHeader() throws Exception {
        String sid = "Qw3Er5Ty7Ui9Op1As3Df5Gh7Jk9Lz2Xc4Vb6Nm8";
        var cookie = new Placement.Header("cookie");
        var kept = capture(open(), "session", "app.example", cookie, sid);
        var swapped = kept.credentials()
                .swap(
                        List.of(Map.entry("Cookie", "theme=dark; sid=" + kept.stub())),
                        null,
                        "app.example",
                        Set.of("session"));
        assertThat(swapped.headers()).containsExactly(Map.entry("Cookie", "theme=dark; sid=" + sid));
    }

    @Test
    void aRestartedVaultKeepsTheCaptureInAPrivateFile() throws Exception {
        var kept = capture(open(), "oauth", "github.com", Placement.AUTHORIZATION, OAUTH);
        Path file = dir.resolve("captured.json");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        Credentials restarted = open();
        assertThat(restarted.capturedIds()).containsExactly("oauth");
        assertThat(restarted
                        .swap(
                                List.of(Map.entry("Authorization", "token " + kept.stub())),
                                null,
                                "github.com",
                                Set.of("oauth"))
                        .headers())
                .containsExactly(Map.entry("Authorization", "token " + OAUTH));
        assertThat(restarted.scrubText(OAUTH)).isEqualTo(kept.stub());
    }

    @Test
    void aCorruptCaptureFileStopsTheStartWithoutQuotingIt() throws Exception {
        Files.writeString(dir.resolve("captured.json"), "{\"version\":1,\"captured\":{\"x\":{\"host\":\"" + OAUTH);
        org.assertj.core.api.Assertions.assertThatThrownBy(this::open)
                .isInstanceOfSatisfying(CredentialsException.class, e -> {
                    assertThat(e.code()).isEqualTo(CredentialsException.Code.STUB_STORE_CORRUPT);
                    assertThat(e.getMessage()).contains("captured.json").doesNotContain(OAUTH);
                });
    }

    @Test
    void aNewValueForTheSameIdReplacesTheOldWhichIsStillScrubbedButNeverSwapped() throws Exception {
        var first = capture(open(), "oauth", "github.com", Placement.AUTHORIZATION, OAUTH);
        var second = capture(first.credentials(), "oauth", "github.com", Placement.AUTHORIZATION, OAUTH_2);
        assertThat(second.replacedFingerprint()).isEqualTo(Fingerprint.of(OAUTH));
        assertThat(second.stub()).isNotEqualTo(first.stub());
        var c = second.credentials();
        assertThat(c.scrubText(OAUTH)).isEqualTo(first.stub());
        assertThat(c.scrubText(OAUTH_2)).isEqualTo(second.stub());
        assertThat(c.swap(
                                List.of(Map.entry("Authorization", "Bearer " + first.stub())),
                                null,
                                "github.com",
                                Set.of("oauth"))
                        .swaps())
                .isEmpty();
        assertThat(c.expire(NOW.plus(GRACE)).scrubText(OAUTH)).isEqualTo(OAUTH);

        var again = capture(c, "oauth", "github.com", Placement.AUTHORIZATION, OAUTH_2);
        assertThat(again.unchanged()).isTrue();
        assertThat(again.stub()).isEqualTo(second.stub());
    }

    @Test
    void whatCannotBeHeldIsRefusedNamingNoValue() throws Exception {
        Credentials c = open();
        assertRefused(c, "github", OAUTH, "is a configured credential's");
        assertRefused(c, "oauth", "short-token", "random bits");
        assertRefused(c, "oauth", "has a space " + OAUTH, "outside visible ASCII");
        assertRefused(c, "oauth", GITHUB, "or overlaps, the value of `github`");
    }

    @Test
    void aConfiguredIdWinsOverACapturedOneAfterARotation() throws Exception {
        var kept = capture(open(), "oauth", "github.com", Placement.AUTHORIZATION, OAUTH);
        var rotated = kept.credentials()
                .rotate(
                        List.of(
                                credential("github", "GITHUB_TOKEN", GITHUB, "api.github.com"),
                                credential("oauth", "OAUTH", OAUTH_2)),
                        dir,
                        NOW,
                        GRACE,
                        new SecureRandom());
        assertThat(rotated).isInstanceOfSatisfying(Rotation.Applied.class, a -> {
            assertThat(a.credentials().capturedIds()).isEmpty();
            assertThat(a.credentials().scrubText(OAUTH))
                    .as("retired, still scrubbed")
                    .isEqualTo(kept.stub());
        });
        var plain = kept.credentials()
                .rotate(
                        List.of(credential("github", "GITHUB_TOKEN", GITHUB, "api.github.com")),
                        dir,
                        NOW,
                        GRACE,
                        new SecureRandom());
        assertThat(plain).isInstanceOf(Rotation.Unchanged.class);
    }

    private void assertRefused(Credentials c, String id, String value, String why) {
        var r = c.capture(
                id,
                "github.com",
                Placement.AUTHORIZATION,
                "json:access_token",
                value,
                dir,
                NOW,
                GRACE,
                new SecureRandom());
        assertThat(r)
                .isInstanceOfSatisfying(
                        CaptureResult.Refused.class,
                        f -> assertThat(f.reason()).contains(why).doesNotContain(value));
    }
}
