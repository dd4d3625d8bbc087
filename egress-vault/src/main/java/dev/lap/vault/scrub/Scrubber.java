package dev.lap.vault.scrub;

import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A compiled set of {@link Replacement}s: build it once (per vault, or per request for the
 * credentials a decision allowed), then open a {@link StreamReplacer} or a {@link CodedScrubber} per
 * body, or scrub header values directly. Immutable and safe to share between threads.
 *
 * <p>If two replacements share a target, the first one listed wins.
 */
public final class Scrubber {
    private final Automaton automaton;
    private final byte[][] replacements;
    private final String[] ids;

    private Scrubber(List<Replacement> list) {
        List<byte[]> targets = new ArrayList<>(list.size());
        replacements = new byte[list.size()][];
        ids = new String[list.size()];
        for (int i = 0; i < list.size(); i++) {
            Replacement r = list.get(i);
            targets.add(r.targetBytes());
            replacements[i] = r.replacementBytes();
            ids[i] = r.id();
        }
        automaton = new Automaton(targets);
    }

    /** One shared empty scrubber: a request with nothing to swap in its body builds no automaton. */
    private static final Scrubber EMPTY = new Scrubber(List.of());

    public static Scrubber of(List<Replacement> replacements) {
        Objects.requireNonNull(replacements, "replacements");
        return replacements.isEmpty() ? EMPTY : new Scrubber(List.copyOf(replacements));
    }

    /** True if there is nothing to replace, so a caller may skip the scrubbing entirely. */
    public boolean isEmpty() {
        return ids.length == 0;
    }

    /** The longest target: a stream holds back fewer bytes than this. */
    public int maxPatternLength() {
        return automaton.maxLength();
    }

    /** A replacer for one identity-encoded body. */
    public StreamReplacer newStream() {
        return new StreamReplacer(automaton, replacements, ids);
    }

    /** A scrubber for one {@code Content-Encoding: gzip} body. Close it if the body is abandoned. */
    public GzipScrubber newGzipStream() {
        return new GzipScrubber(newStream());
    }

    /** A scrubber for one {@code Content-Encoding: deflate} body (zlib or raw). Close it if abandoned. */
    public DeflateScrubber newDeflateStream() {
        return new DeflateScrubber(newStream());
    }

    /** A scrubber for one {@code Content-Encoding: br} body; needs {@link BrotliScrubber#available()}. */
    public BrotliScrubber newBrotliStream() {
        return new BrotliScrubber(newStream());
    }

    /** Replaces every target in {@code text}, read as ISO-8859-1 (HTTP header bytes) when it fits. */
    public String scrub(String text) {
        return scrubCounting(text, new HashMap<>());
    }

    /**
     * Replaces every target in every header name and value, in place, keeping the order of the headers
     * (rewritten only if something matched). Returns how many times each id was replaced.
     */
    public Map<String, Long> scrubHeaders(HttpHeaders headers) {
        Map<String, Long> counts = new HashMap<>();
        if (isEmpty()) {
            return Map.of();
        }
        List<Map.Entry<String, String>> entries = headers.entries();
        List<Map.Entry<String, String>> rewritten = new ArrayList<>(entries.size());
        boolean changed = false;
        for (Map.Entry<String, String> e : entries) {
            // Names too: an upstream chooses them, and a token is made of valid name characters.
            String name = scrubCounting(e.getKey(), counts);
            String value = scrubCounting(e.getValue(), counts);
            changed |= !value.equals(e.getValue()) || !name.equals(e.getKey());
            rewritten.add(Map.entry(name, value));
        }
        if (changed) {
            headers.clear();
            for (Map.Entry<String, String> e : rewritten) {
                headers.add(e.getKey(), e.getValue());
            }
        }
        return Map.copyOf(counts);
    }

    private String scrubCounting(String text, Map<String, Long> counts) {
        if (isEmpty() || text.isEmpty()) {
            return text;
        }
        // Netty decodes header bytes one-to-one into chars; encoding back the same way keeps every
        // byte. Text with wider chars did not come off the wire, and UTF-8 keeps it intact.
        boolean latin1 = text.chars().allMatch(c -> c <= 0xFF);
        var charset = latin1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8;
        StreamReplacer replacer = newStream();
        byte[] bytes = text.getBytes(charset);
        byte[] head = replacer.process(bytes);
        byte[] tail = replacer.finish();
        replacer.replacements().forEach((id, n) -> counts.merge(id, n, Long::sum));
        if (replacer.replacements().isEmpty()) {
            return text;
        }
        byte[] all = new byte[head.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return new String(all, charset);
    }
}
