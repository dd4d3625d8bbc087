package dev.lap.vault.capture;

import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Finds a field of a JSON body and writes the body back with that field replaced.
 *
 * <p>The body is parsed into a tree and serialised again, not edited as text: after the round trip
 * every string is in one canonical spelling (no {@code \\u} escapes beyond control characters), so a
 * second copy of the captured value anywhere in the body, however the upstream escaped it, comes
 * out verbatim, where the response scrubber finds it. Duplicate keys are an error: a client could
 * read either copy, and the vault must know which one it captured. Numbers keep their digits
 * (big decimals, not doubles).
 */
public final class JsonFields {
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private JsonFields() {}

    /** What a body is, as far as capturing from it goes. */
    public sealed interface Parsed {}

    /** Not a JSON document at all (empty, or not starting with an object or an array): nothing to capture. */
    public record NotJson() implements Parsed {}

    /** It starts like JSON but does not parse: refused, since a lenient client might still read a token from it. */
    public record Malformed(String reason) implements Parsed {}

    public record Document(JsonNode root) implements Parsed {
        @Override
        public String toString() {
            return "Document[…]"; // the tree holds the secret
        }
    }

    /** A field's value. */
    public sealed interface Lookup {}

    public record Found(String value) implements Lookup {
        @Override
        public String toString() {
            return "Found[…]";
        }
    }

    /** No such field, or {@code null}: the response is relayed without capturing. */
    public record Absent() implements Lookup {}

    /** The field holds a number, a boolean, an object or an array: not a token the vault can stand a stub for. */
    public record NotAString(String type) implements Lookup {}

    public static Parsed parse(byte[] body) {
        int i = 0;
        // A UTF-8 byte order mark, then JSON's own white space.
        if (body.length >= 3 && (body[0] & 0xFF) == 0xEF && (body[1] & 0xFF) == 0xBB && (body[2] & 0xFF) == 0xBF) {
            i = 3;
        }
        while (i < body.length && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n')) {
            i++;
        }
        if (i == body.length || (body[i] != '{' && body[i] != '[')) {
            return new NotJson();
        }
        try {
            return new Document(JSON.readTree(body));
        } catch (JacksonException e) {
            // The parser's message quotes the body; only its location and kind are kept.
            var where = e.getLocation();
            return new Malformed("the body is not valid JSON ("
                    + e.getClass().getSimpleName()
                    + (where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr())
                    + ")");
        }
    }

    public static Lookup lookup(JsonNode root, List<String> path) {
        JsonNode node = root;
        for (String segment : path) {
            node = child(node, segment);
            if (node == null) {
                return new Absent();
            }
        }
        if (node.isNull()) {
            return new Absent();
        }
        if (!node.isString()) {
            return new NotAString(node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        return new Found(node.stringValue());
    }

    /** Replaces the string at {@code path} (which {@link #lookup} found) by {@code value}, in place. */
    public static void replace(JsonNode root, List<String> path, String value) {
        JsonNode parent = root;
        for (String segment : path.subList(0, path.size() - 1)) {
            parent = child(parent, segment);
            if (parent == null) {
                throw new IllegalArgumentException("no such path");
            }
        }
        String last = path.get(path.size() - 1);
        switch (parent) {
            case ObjectNode o -> o.set(last, StringNode.valueOf(value));
            case ArrayNode a -> a.set(Integer.parseInt(last), StringNode.valueOf(value));
            default -> throw new IllegalArgumentException("no such path");
        }
    }

    /** The document serialised compactly, UTF-8. */
    public static byte[] write(JsonNode root) {
        return JSON.writeValueAsBytes(root);
    }

    private static @org.jspecify.annotations.Nullable JsonNode child(JsonNode node, String segment) {
        if (node.isObject()) {
            return node.get(segment);
        }
        if (node.isArray() && isIndex(segment)) {
            int index = Integer.parseInt(segment);
            return index < node.size() ? node.get(index) : null;
        }
        return null;
    }

    private static boolean isIndex(String segment) {
        return segment.length() <= 6 && segment.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
