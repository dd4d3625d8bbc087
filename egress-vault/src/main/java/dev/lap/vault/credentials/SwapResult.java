package dev.lap.vault.credentials;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A request after swapping: its headers in their original order, its raw query (null if it had
 * none), and what was swapped. Stubs that were not swapped are still in place; upstream they are
 * worthless.
 */
public record SwapResult(
        List<Map.Entry<String, String>> headers, @Nullable String rawQuery, List<Swap> swaps) {
    public SwapResult {
        headers = List.copyOf(headers);
        swaps = List.copyOf(swaps);
    }

    @Override
    public String toString() {
        // The headers now hold real values; a stray log line must not print them.
        return "SwapResult[" + headers.size() + " headers, swaps=" + swaps + "]";
    }
}
