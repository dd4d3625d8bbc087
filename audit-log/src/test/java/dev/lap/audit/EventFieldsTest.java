package dev.lap.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventFieldsTest {
    @Test
    void everyKindFlattensAndReadsBackEqual() {
        for (AuditEvent event : SampleEvents.everyKind()) {
            assertThat(EventFields.of(event).toEvent()).as(event.kind()).isEqualTo(event);
        }
    }

    @Test
    void sharedFactsAreColumnsAndKindSpecificFactsAreDetail() {
        EventFields swap = EventFields.of(SampleEvents.everyKind().get(2));

        assertThat(swap.columns().keySet())
                .containsExactlyElementsOf(EventFields.COLUMNS.stream()
                        .filter(c ->
                                !List.of("decision", "rule", "policy_revision").contains(c))
                        .toList());
        assertThat(swap.detail()).containsExactly(java.util.Map.entry("placement", "authorization"));
    }

    @Test
    void aDurationIsKeptToTheMicrosecondAndShownInMilliseconds() {
        var d = (AuditEvent.Decision) SampleEvents.everyKind().get(0);

        assertThat(d.duration()).isEqualTo(Duration.ofNanos(1_912_000));
        assertThat(EventFields.of(d).detail()).containsEntry("duration_ms", "1.912");
    }

    @Test
    void aCredentialValueCannotBePassedWhereTheFingerprintBelongs() {
        assertThatThrownBy(() -> new AuditEvent.Credential("github", "ghp_real"))
                .isInstanceOf(IllegalArgumentException.class)
                .message()
                .doesNotContain("ghp_real");
    }

    @Test
    void aCredentialIdWithACommaIsRefusedBecauseListsAreCommaJoined() {
        assertThatThrownBy(() -> new AuditEvent.Decision(
                        AuditEvent.Actor.NONE,
                        AuditEvent.Request.NONE,
                        AuditEvent.Verdict.ALLOW,
                        "r",
                        null,
                        "",
                        200,
                        null,
                        List.of("a,b"),
                        List.of(),
                        null,
                        null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anUnknownKindOrColumnIsRefusedWhenReadingBack() {
        assertThatThrownBy(
                        () -> new EventFields("decision", java.util.Map.of("colour", "red"), new java.util.TreeMap<>()))
                .hasMessageContaining("unknown columns");
        assertThatThrownBy(() -> new EventFields("party", java.util.Map.of(), new java.util.TreeMap<>()).toEvent())
                .hasMessageContaining("unknown event kind");
    }
}
