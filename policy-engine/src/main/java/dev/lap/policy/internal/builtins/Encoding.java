package dev.lap.policy.internal.builtins;

import static dev.lap.policy.internal.builtins.Operands.string;

import dev.lap.policy.value.ArrayValue;
import dev.lap.policy.value.BooleanValue;
import dev.lap.policy.value.DocumentException;
import dev.lap.policy.value.Json;
import dev.lap.policy.value.NullValue;
import dev.lap.policy.value.NumberValue;
import dev.lap.policy.value.ObjectValue;
import dev.lap.policy.value.SetValue;
import dev.lap.policy.value.StringValue;
import dev.lap.policy.value.Value;
import dev.lap.policy.value.Yaml;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * Encodings: JSON, YAML, base64, base64url, hex and URL query strings. Rego strings are Go
 * strings, so decoded bytes become text the way Go converts them to runes: each byte that does not
 * begin valid UTF-8 becomes one U+FFFD.
 */
final class Encoding {
    private static final YAMLFactory YAML_OUT = YAMLFactory.builder()
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
            .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
            .build();

    private static final Pattern MISSING_TOKEN = Pattern.compile("\\bexpected (.+?), but got ");

    private Encoding() {}

    static void register(BuiltinRegistry r) {
        List<Type> s1 = List.of(Type.STRING);
        r.register("json.marshal", List.of(Type.ANY), Type.STRING, (a, ctx) -> StringValue.of(Json.write(a[0])));
        r.register(
                "json.marshal_with_options",
                List.of(Type.ANY, Type.OBJECT),
                Type.STRING,
                (a, ctx) -> StringValue.of(marshalWithOptions(a[0], (ObjectValue) a[1])));
        r.register("json.unmarshal", s1, Type.ANY, (a, ctx) -> {
            try {
                return Json.parse(string(a, 0));
            } catch (DocumentException e) {
                throw BuiltinException.failed("json.unmarshal", e.getMessage());
            }
        });
        // The is_valid family answers false for a non-string instead of failing.
        r.register(
                "json.is_valid",
                List.of(Type.ANY),
                Type.BOOLEAN,
                (a, ctx) -> BooleanValue.of(a[0] instanceof StringValue s && parses(() -> Json.parse(s.value()))));
        r.register("yaml.unmarshal", s1, Type.ANY, (a, ctx) -> {
            try {
                return Yaml.parse(string(a, 0));
            } catch (DocumentException e) {
                throw BuiltinException.failed("yaml.unmarshal", "yaml: line " + e.line() + ": " + goYamlProblem(e));
            }
        });
        r.register(
                "yaml.is_valid",
                List.of(Type.ANY),
                Type.BOOLEAN,
                (a, ctx) -> BooleanValue.of(a[0] instanceof StringValue s && parses(() -> Yaml.parse(s.value()))));
        r.register("yaml.marshal", List.of(Type.ANY), Type.STRING, (a, ctx) -> StringValue.of(yaml(a[0])));

        r.register(
                "base64.encode",
                s1,
                Type.STRING,
                (a, ctx) -> StringValue.of(Base64.getEncoder().encodeToString(bytes(a))));
        r.register(
                "base64.decode",
                s1,
                Type.STRING,
                (a, ctx) -> StringValue.of(goString(base64("base64.decode", string(a, 0), false))));
        r.register("base64.is_valid", s1, Type.BOOLEAN, (a, ctx) -> {
            try {
                base64("base64.is_valid", string(a, 0), false);
                return BooleanValue.TRUE;
            } catch (BuiltinException e) {
                return BooleanValue.FALSE;
            }
        });
        r.register(
                "base64url.encode",
                s1,
                Type.STRING,
                (a, ctx) -> StringValue.of(Base64.getUrlEncoder().encodeToString(bytes(a))));
        r.register(
                "base64url.encode_no_pad",
                s1,
                Type.STRING,
                (a, ctx) ->
                        StringValue.of(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(a))));
        r.register("base64url.decode", s1, Type.STRING, (a, ctx) -> StringValue.of(goString(base64url(string(a, 0)))));
        r.register(
                "hex.encode",
                s1,
                Type.STRING,
                (a, ctx) -> StringValue.of(java.util.HexFormat.of().formatHex(bytes(a))));
        r.register("hex.decode", s1, Type.STRING, (a, ctx) -> StringValue.of(goString(hex(string(a, 0)))));

        r.register("urlquery.encode", s1, Type.STRING, (a, ctx) -> StringValue.of(queryEscape(string(a, 0))));
        r.register(
                "urlquery.decode",
                s1,
                Type.STRING,
                (a, ctx) -> StringValue.of(queryUnescape("urlquery.decode", string(a, 0))));
        r.register(
                "urlquery.encode_object",
                List.of(Type.OBJECT),
                Type.STRING,
                (a, ctx) -> encodeObject((ObjectValue) a[0]));
        r.register("urlquery.decode_object", s1, Type.OBJECT, (a, ctx) -> decodeObject(string(a, 0)));
    }

    /**
     * {@code prefix} or {@code indent} turn pretty-printing on unless {@code pretty} says otherwise;
     * the indent defaults to a tab. Like Go's {@code json.MarshalIndent}, empty arrays and objects
     * stay on one line.
     */
    private static String marshalWithOptions(Value v, ObjectValue opts) throws BuiltinException {
        String name = "json.marshal_with_options";
        String indent = "\t";
        String prefix = "";
        boolean implied = false;
        Boolean explicit = null;
        for (int i = 0; i < opts.size(); i++) {
            Value key = opts.keyAt(i);
            Value val = opts.valueAt(i);
            if (!(key instanceof StringValue k)) {
                throw BuiltinException.type(
                        name,
                        "operand 2 failed to stringify key " + key + " at index " + i + ": operand " + i
                                + " must be string but got " + key.typeName());
            }
            String quoted = GoFormat.quote(k.value());
            switch (k.value()) {
                case "prefix", "indent" -> {
                    if (!(val instanceof StringValue sv)) {
                        throw BuiltinException.type(
                                name,
                                "operand 2 key " + quoted + " failed cast to string: operand " + i
                                        + " must be string but got " + val.typeName());
                    }
                    if (k.value().equals("prefix")) {
                        prefix = sv.value();
                    } else {
                        indent = sv.value();
                    }
                    implied = true;
                }
                case "pretty" -> {
                    if (!(val instanceof BooleanValue b)) {
                        throw BuiltinException.type(name, "operand 2 key " + quoted + " failed cast to bool");
                    }
                    explicit = b.value();
                }
                default -> throw BuiltinException.type(name, "operand 2 object contained unknown key " + quoted);
            }
        }
        String compact = Json.write(v);
        if (!(explicit != null ? explicit : implied)) {
            return compact;
        }
        return prefix + indentJson(compact, prefix, indent);
    }

    /** Go's {@code json.Indent} over compact JSON: the first line is not prefixed. */
    private static String indentJson(String compact, String prefix, String indent) {
        StringBuilder out = new StringBuilder(compact.length() * 2);
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < compact.length(); i++) {
            char c = compact.charAt(i);
            if (inString) {
                out.append(c);
                if (c == '\\') {
                    out.append(compact.charAt(++i));
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            switch (c) {
                case '"' -> {
                    inString = true;
                    out.append(c);
                }
                case '[', '{' -> {
                    out.append(c);
                    char next = i + 1 < compact.length() ? compact.charAt(i + 1) : 0;
                    if (next == ']' || next == '}') {
                        out.append(next);
                        i++;
                    } else {
                        depth++;
                        newline(out, prefix, indent, depth);
                    }
                }
                case ']', '}' -> {
                    depth--;
                    newline(out, prefix, indent, depth);
                    out.append(c);
                }
                case ',' -> {
                    out.append(c);
                    newline(out, prefix, indent, depth);
                }
                case ':' -> out.append(": ");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static void newline(StringBuilder out, String prefix, String indent, int depth) {
        out.append('\n').append(prefix);
        out.append(indent.repeat(depth));
    }

    private static boolean parses(Runnable parse) {
        try {
            parse.run();
            return true;
        } catch (DocumentException e) {
            return false;
        }
    }

    private static byte[] bytes(Value[] a) {
        return string(a, 0).getBytes(StandardCharsets.UTF_8);
    }

    /** Bytes as Go turns them into a string's runes: each invalid byte is one U+FFFD. */
    static String goString(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length);
        int i = 0;
        while (i < b.length) {
            int c = b[i] & 0xFF;
            int n;
            int cp;
            int min;
            if (c < 0x80) {
                sb.append((char) c);
                i++;
                continue;
            } else if (c >= 0xC2 && c <= 0xDF) {
                n = 1;
                cp = c & 0x1F;
                min = 0x80;
            } else if (c >= 0xE0 && c <= 0xEF) {
                n = 2;
                cp = c & 0x0F;
                min = 0x800;
            } else if (c >= 0xF0 && c <= 0xF4) {
                n = 3;
                cp = c & 0x07;
                min = 0x10000;
            } else {
                sb.append('\uFFFD');
                i++;
                continue;
            }
            boolean ok = true;
            for (int k = 1; ok && k <= n; k++) {
                if (i + k >= b.length || (b[i + k] & 0xC0) != 0x80) {
                    ok = false;
                } else {
                    cp = (cp << 6) | (b[i + k] & 0x3F);
                }
            }
            if (!ok || cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                sb.append('\uFFFD');
                i++;
                continue;
            }
            sb.appendCodePoint(cp);
            i += n + 1;
        }
        return sb.toString();
    }

    /**
     * Go's strict decoding: the standard or URL alphabet, padding required, CR and LF ignored;
     * errors name the offending byte as Go's {@code CorruptInputError} does.
     */
    private static byte[] base64(String name, String s, boolean url) throws BuiltinException {
        StringBuilder clean = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n') {
                continue;
            }
            boolean alphabet = (c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || (url ? c == '-' || c == '_' : c == '+' || c == '/');
            int pad = clean.indexOf("=");
            if (!(alphabet || c == '=') || (pad >= 0 && c != '=')) {
                throw BuiltinException.failed(name, "illegal base64 data at input byte " + i);
            }
            clean.append(c);
        }
        int pad = clean.indexOf("=");
        int dataLength = pad < 0 ? clean.length() : pad;
        if (clean.length() % 4 != 0 || clean.length() - dataLength > 2 || dataLength % 4 == 1) {
            throw BuiltinException.failed(
                    name, "illegal base64 data at input byte " + Math.max(0, dataLength - dataLength % 4));
        }
        try {
            return (url ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(clean.toString());
        } catch (IllegalArgumentException e) {
            throw BuiltinException.failed(name, "illegal base64 data at input byte " + dataLength);
        }
    }

    /** Go's {@code base64.StdEncoding.DecodeString}, for builtins that accept base64 input. */
    static byte[] goBase64(String name, String s) throws BuiltinException {
        return base64(name, s, false);
    }

    /** OPA restores missing padding (RFC 7515 appendix C) before decoding strictly. */
    private static byte[] base64url(String s) throws BuiltinException {
        return base64url("base64url.decode", s);
    }

    /** {@code base64url.decode}'s decoding, with errors reported as {@code name}'s. */
    static byte[] base64url(String name, String s) throws BuiltinException {
        if (!s.endsWith("=")) {
            switch (s.length() % 4) {
                case 0 -> {}
                case 2 -> s += "==";
                case 3 -> s += "=";
                default -> throw BuiltinException.failed(name, "illegal base64url string: " + s);
            }
        }
        return base64(name, s, true);
    }

    private static byte[] hex(String s) throws BuiltinException {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < s.length(); i++) {
            int d = Character.digit(s.charAt(i), 16);
            if (d < 0 || s.charAt(i) > 'f') {
                int c = s.codePointAt(i);
                throw BuiltinException.failed(
                        "hex.decode",
                        String.format(
                                "encoding/hex: invalid byte: U+%04X %s",
                                c,
                                GoFormat.quote(new String(Character.toChars(c))).replace('"', '\'')));
            }
            if (i / 2 < out.length) {
                out[i / 2] = (byte) ((out[i / 2] << 4) | d);
            }
        }
        if (s.length() % 2 != 0) {
            throw BuiltinException.failed("hex.decode", "encoding/hex: odd length hex string");
        }
        return out;
    }

    /** Go's {@code url.QueryEscape}. */
    static String queryEscape(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == '~') {
                sb.append((char) c);
            } else if (c == ' ') {
                sb.append('+');
            } else {
                sb.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return sb.toString();
    }

    /** Go's {@code url.QueryUnescape}. */
    static String queryUnescape(String name, String s) throws BuiltinException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] in = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < in.length; i++) {
            byte c = in[i];
            if (c == '+') {
                out.write(' ');
            } else if (c == '%') {
                int hi = i + 1 < in.length ? Character.digit(in[i + 1], 16) : -1;
                int lo = i + 2 < in.length ? Character.digit(in[i + 2], 16) : -1;
                if (hi < 0 || lo < 0) {
                    String bad = new String(in, i, Math.min(3, in.length - i), StandardCharsets.UTF_8);
                    throw BuiltinException.failed(name, "invalid URL escape " + GoFormat.quote(bad));
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                out.write(c);
            }
        }
        return goString(out.toByteArray());
    }

    /** Go's {@code url.Values.Encode}: keys sorted, each value a {@code key=value} pair. */
    private static Value encodeObject(ObjectValue o) throws BuiltinException {
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < o.size(); i++) {
            if (!(o.keyAt(i) instanceof StringValue k)) {
                throw BuiltinException.type("urlquery.encode_object", "operand 1 must be object[string]string");
            }
            List<Value> values = switch (o.valueAt(i)) {
                case StringValue s -> List.of(s);
                case ArrayValue a -> a.asList();
                case SetValue s -> s.asList();
                default ->
                    throw BuiltinException.type(
                            "urlquery.encode_object", "operand 1 values must be string, array[string], or set[string]");
            };
            for (Value v : values) {
                if (!(v instanceof StringValue s)) {
                    throw BuiltinException.type(
                            "urlquery.encode_object", "operand 1 values must be string, array[string], or set[string]");
                }
                pairs.add(queryEscape(k.value()) + "=" + queryEscape(s.value()));
            }
        }
        return StringValue.of(String.join("&", pairs));
    }

    private static Value decodeObject(String query) throws BuiltinException {
        java.util.Map<String, List<Value>> values = new java.util.LinkedHashMap<>();
        for (String part : query.split("&", -1)) {
            if (part.isEmpty()) {
                continue;
            }
            if (part.contains(";")) {
                throw BuiltinException.failed("urlquery.decode_object", "invalid semicolon separator in query");
            }
            int eq = part.indexOf('=');
            String key = queryUnescape("urlquery.decode_object", eq < 0 ? part : part.substring(0, eq));
            String value = eq < 0 ? "" : queryUnescape("urlquery.decode_object", part.substring(eq + 1));
            values.computeIfAbsent(key, k -> new ArrayList<>()).add(StringValue.of(value));
        }
        ObjectValue.Builder b = ObjectValue.builder(values.size());
        values.forEach((k, v) -> b.put(k, ArrayValue.of(v)));
        return b.build();
    }

    /** YAML in block style; sets are written as sequences, as OPA converts values to JSON first. */
    private static String yaml(Value v) throws BuiltinException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = YAML_OUT.createGenerator(ObjectWriteContext.empty(), out)) {
            writeYaml(g, v);
        } catch (JacksonException e) {
            throw BuiltinException.failed("yaml.marshal", e.getOriginalMessage());
        }
        return out.toString();
    }

    private static void writeYaml(JsonGenerator g, Value v) {
        switch (v) {
            case NullValue n -> g.writeNull();
            case BooleanValue b -> g.writeBoolean(b.value());
            case NumberValue n -> {
                if (n.isLong()) {
                    g.writeNumber(n.longValue());
                } else {
                    g.writeNumber(n.bigDecimalValue());
                }
            }
            case StringValue s -> g.writeString(s.value());
            case ArrayValue a -> {
                g.writeStartArray();
                a.asList().forEach(e -> writeYaml(g, e));
                g.writeEndArray();
            }
            case SetValue s -> {
                g.writeStartArray();
                s.asList().forEach(e -> writeYaml(g, e));
                g.writeEndArray();
            }
            case ObjectValue o -> {
                g.writeStartObject();
                for (int i = 0; i < o.size(); i++) {
                    g.writeName(o.keyAt(i) instanceof StringValue k ? k.value() : Json.write(o.keyAt(i)));
                    writeYaml(g, o.valueAt(i));
                }
                g.writeEndObject();
            }
        }
    }

    /**
     * OPA's message is go-yaml's, a port of libyaml, which reports a token missing where the
     * parser needed it as "did not find expected X". SnakeYAML says "expected X, but got Y" for
     * the same problem, with the surrounding context and a source excerpt; policies and tests
     * match on the Go wording, so that problem is reported in it.
     */
    private static String goYamlProblem(DocumentException e) {
        String message = String.valueOf(e.getMessage());
        Matcher m = MISSING_TOKEN.matcher(message);
        return m.find() ? "did not find expected " + m.group(1) : message;
    }
}
