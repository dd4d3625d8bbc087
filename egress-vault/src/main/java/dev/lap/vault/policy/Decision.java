package dev.lap.vault.policy;

import dev.lap.vault.capture.CaptureRule;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the policy decided about one request. Every decision names the rule that made it and the
 * revision of the policy bundle it came from, so an audit row can be traced back to a line of Rego.
 */
public sealed interface Decision {
    String reason();

    String rule();

    /** The revision of the policy that decided, or {@code "none"} when no policy was loaded. */
    String revision();

    /**
     * The request may go out. {@code inject} names the credentials whose stubs may be swapped (the
     * vault still checks each credential's own host binding and placements); {@code setHeaders}
     * and {@code removeHeaders} are applied to the forwarded request. {@code allowEncodedSlashes}
     * lets a path holding {@code %2F}, {@code %5C} or a raw {@code \} go out, which the vault
     * refuses otherwise (servers disagree on where such a path's segments end). {@code capture}
     * names values of the response the vault keeps as session credentials, handing the sandbox a
     * stub in their place.
     */
    record Allow(
            String reason,
            String rule,
            String revision,
            Set<String> inject,
            Map<String, String> setHeaders,
            List<String> removeHeaders,
            boolean allowEncodedSlashes,
            List<CaptureRule> capture)
            implements Decision {
        public Allow {
            inject = Set.copyOf(inject);
            setHeaders = Map.copyOf(setHeaders);
            removeHeaders = List.copyOf(removeHeaders);
            capture = List.copyOf(capture);
        }

        /** An allow that captures nothing. */
        public Allow(
                String reason,
                String rule,
                String revision,
                Set<String> inject,
                Map<String, String> setHeaders,
                List<String> removeHeaders,
                boolean allowEncodedSlashes) {
            this(reason, rule, revision, inject, setHeaders, removeHeaders, allowEncodedSlashes, List.of());
        }
    }

    /** The request is refused; nothing is sent upstream. */
    record Refuse(String reason, String rule, String revision) implements Decision {}
}
