package dev.lap.vault.proxy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Headers as the policy input shows them: lower-case names, repeated headers joined with
 * {@code ", "} (RFC 9110 §5.3), values already redacted.
 */
final class PolicyHeaders {
    private PolicyHeaders() {}

    static Map<String, String> of(List<Map.Entry<String, String>> redacted) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : redacted) {
            out.merge(e.getKey().toLowerCase(Locale.ROOT), e.getValue(), (a, b) -> a + ", " + b);
        }
        return out;
    }
}
