package dev.lap.vault.credentials;

import static dev.lap.vault.credentials.StubsTest.credential;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.audit.AuditEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveCredentialsTest {
    private static final String OLD = "ghp_Zq9Xw2Lk8Vb3Nm4Rt7Yu1Io5Pa6Sd0Fg2HjK";
    private static final String NEW = "ghp_Aa1Bb2Cc3Dd4Ee5Ff6Gg7Hh8Ii9Jj0Kk1LlM";
    private static final Duration GRACE = Duration.ofMinutes(10);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T12:00:00Z"));
    private LiveCredentials live;
    private String stub;

    /** A clock the test moves by hand, so grace periods are tested without sleeping. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @BeforeEach
    void open() throws CredentialsException {
        Credentials initial = Credentials.open(List.of(credential("github", "GITHUB_TOKEN", OLD)), dir);
        stub = initial.stub("github").orElseThrow();
        live = new LiveCredentials(initial, dir, clock, GRACE, new SecureRandom());
    }

    private static Set<String> github() {
        return Set.of("github");
    }

    private static String swapped(Credentials c, String stub) {
        return c.swap(List.of(Map.entry("Authorization", "Bearer " + stub)), null, "api.example.com", github())
                .headers()
                .get(0)
                .getValue();
    }

    @Test
    void aRotatedValueKeepsItsStubAndIsSwappedAtOnce() {
        Rotation r = live.replace(List.of(credential("github", "GITHUB_TOKEN", NEW)));

        assertThat(r).isInstanceOf(Rotation.Applied.class);
        assertThat(live.get().stub("github")).contains(stub);
        assertThat(swapped(live.get(), stub)).isEqualTo("Bearer " + NEW);
    }

    @Test
    void aSnapshotTakenBeforeARotationStaysAsItWas() {
        Credentials before = live.get();

        live.replace(List.of(credential("github", "GITHUB_TOKEN", NEW)));

        assertThat(swapped(before, stub)).isEqualTo("Bearer " + OLD);
        assertThat(live.get()).isNotSameAs(before);
    }

    @Test
    void theOldValueIsScrubbedForTheGracePeriodThenDropsOut() {
        live.replace(List.of(credential("github", "GITHUB_TOKEN", NEW)));

        assertThat(live.get().scrubText("echo " + OLD + " " + NEW)).isEqualTo("echo " + stub + " " + stub);
        assertThat(live.get().redact(OLD)).isEqualTo("<secret:github>");

        clock.advance(GRACE.minusSeconds(1));
        assertThat(live.expire()).isFalse();
        assertThat(live.get().scrubText(OLD)).isEqualTo(stub);

        clock.advance(Duration.ofSeconds(1));
        assertThat(live.expire()).isTrue();
        assertThat(live.get().scrubText(OLD)).isEqualTo(OLD);
        assertThat(live.get().scrubText(NEW)).isEqualTo(stub);
        assertThat(live.get().retiredIds()).isEmpty();
    }

    @Test
    void theRotationIsReportedWithFingerprintsOnly() {
        Rotation.Applied r = (Rotation.Applied) live.replace(List.of(credential("github", "GITHUB_TOKEN", NEW)));

        assertThat(r.changes())
                .containsExactly(new AuditEvent.CredentialChange(
                        AuditEvent.CredentialChangeKind.ROTATED,
                        "github",
                        new Secret(OLD).fingerprint(),
                        new Secret(NEW).fingerprint(),
                        null));
        assertThat(r.changes().toString()).doesNotContain(OLD).doesNotContain(NEW);
    }

    @Test
    void theSameValueReadAgainChangesNothing() {
        Credentials before = live.get();

        assertThat(live.replace(List.of(credential("github", "GITHUB_TOKEN", OLD))))
                .isInstanceOf(Rotation.Unchanged.class);
        assertThat(live.get()).isSameAs(before);
    }

    @Test
    void aValueOfAnotherLengthIsRefusedAndTheOldOneStaysInForce() {
        String longer = NEW + "x";

        Rotation r = live.replace(List.of(credential("github", "GITHUB_TOKEN", longer)));

        assertThat(r).isInstanceOf(Rotation.Refused.class);
        assertThat(((Rotation.Refused) r).credentialId()).isEqualTo("github");
        assertThat(((Rotation.Refused) r).reason())
                .contains("stub")
                .doesNotContain(longer)
                .doesNotContain(OLD);
        assertThat(swapped(live.get(), stub)).isEqualTo("Bearer " + OLD);
    }

    @Test
    void aValueOfAnotherShapeIsRefused() {
        // Same length, but hex has no `ghp_` prefix: the sandbox's `ghp_` stub cannot stand for it.
        String hex = "0123456789abcdef0123456789abcdef01234567";
        assertThat(hex).hasSameSizeAs(OLD);

        assertThat(live.replace(List.of(credential("github", "GITHUB_TOKEN", hex))))
                .isInstanceOf(Rotation.Refused.class);
        assertThat(swapped(live.get(), stub)).isEqualTo("Bearer " + OLD);
    }

    @Test
    void aDuplicateIdIsRefused() {
        Rotation r = live.replace(
                List.of(credential("github", "GITHUB_TOKEN", NEW), credential("github", "OTHER_TOKEN", OLD)));

        assertThat(r).isInstanceOf(Rotation.Refused.class);
        assertThat(live.get().credentials()).hasSize(1);
        assertThat(swapped(live.get(), stub)).isEqualTo("Bearer " + OLD);
    }

    @Test
    void aChangedStubVariableIsRefused() {
        assertThat(live.replace(List.of(credential("github", "GH_TOKEN", NEW)))).isInstanceOf(Rotation.Refused.class);
        assertThat(live.get().stubEnvironment()).containsOnlyKeys("GITHUB_TOKEN");
    }

    @Test
    void theKeptStubIsPersistedForTheNewValue() throws Exception {
        live.replace(List.of(credential("github", "GITHUB_TOKEN", NEW)));

        // A restarted vault reads stubs.json: the rotated value must find the stub the sandbox holds.
        Credentials reopened = Credentials.open(List.of(credential("github", "GITHUB_TOKEN", NEW)), dir);
        assertThat(reopened.stub("github")).contains(stub);
        assertThat(Files.readString(dir.resolve(StubStore.FILE_NAME)))
                .contains(new Secret(NEW).fingerprint())
                .doesNotContain(NEW);
    }

    @Test
    void anAddedCredentialGetsAFreshStubAndARemovedOneIsScrubbedForTheGracePeriod() {
        String npm = "npm_Qq1Ww2Ee3Rr4Tt5Yy6Uu7Ii8Oo9Pp0Aa1Ss2D";

        Rotation.Applied r = (Rotation.Applied) live.replace(List.of(credential("npm", "NPM_TOKEN", npm)));

        assertThat(r.changes())
                .extracting(AuditEvent.CredentialChange::change, AuditEvent.CredentialChange::credentialId)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(AuditEvent.CredentialChangeKind.ADDED, "npm"),
                        org.assertj.core.groups.Tuple.tuple(AuditEvent.CredentialChangeKind.REMOVED, "github"));
        assertThat(live.get().stub("npm")).get().asString().startsWith("npm_").isNotEqualTo(npm);
        assertThat(live.get().stub("github")).isEmpty();
        assertThat(swapped(live.get(), stub)).isEqualTo("Bearer " + stub);
        assertThat(live.get().scrubText(OLD)).isEqualTo(stub);

        clock.advance(GRACE);
        live.expire();
        assertThat(live.get().scrubText(OLD)).isEqualTo(OLD);
    }

    @Test
    void aValueRotatedBackIsCurrentAgainNotRetired() {
        live.replace(List.of(credential("github", "GITHUB_TOKEN", NEW)));
        live.replace(List.of(credential("github", "GITHUB_TOKEN", OLD)));

        assertThat(live.get().retiredIds()).containsExactly("github");
        assertThat(swapped(live.get(), stub)).isEqualTo("Bearer " + OLD);
        assertThat(live.get().scrubText(NEW + OLD)).isEqualTo(stub + stub);
    }
}
