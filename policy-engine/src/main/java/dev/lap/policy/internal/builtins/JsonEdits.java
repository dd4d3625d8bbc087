package dev.lap.policy.internal.builtins;

import dev.lap.policy.value.ArrayValue;
import dev.lap.policy.value.NumberValue;
import dev.lap.policy.value.ObjectValue;
import dev.lap.policy.value.SetValue;
import dev.lap.policy.value.StringValue;
import dev.lap.policy.value.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code json.remove}, {@code json.filter} and {@code json.patch}: editing documents by JSON
 * pointer ({@code "a/b/0"}, {@code ~1} for {@code /}, {@code ~0} for {@code ~}) or by an array of
 * path segments. A failed patch operation makes {@code json.patch} undefined, as in OPA, rather
 * than an error.
 */
final class JsonEdits {
    private static final String PATH_ERROR =
            "must be one of {set, array} containing string paths or array of path segments but got ";

    private JsonEdits() {}

    static void register(BuiltinRegistry r) {
        Type paths = Type.oneOf(Type.SET, Type.ARRAY);
        r.register("json.remove", List.of(Type.OBJECT, paths), Type.OBJECT, (a, ctx) -> {
            PathTrie trie = PathTrie.of(paths("json.remove", a[1]));
            return remove(a[0], trie);
        });
        r.register("json.filter", List.of(Type.OBJECT, paths), Type.OBJECT, (a, ctx) -> {
            PathTrie trie = PathTrie.of(paths("json.filter", a[1]));
            return filter(a[0], trie);
        });
        r.register("json.patch", List.of(Type.ANY, Type.ARRAY), Type.ANY, (a, ctx) -> patch(a[0], (ArrayValue) a[1]));
    }

    private static List<List<Value>> paths(String builtin, Value collection) throws BuiltinException {
        List<List<Value>> out = new ArrayList<>();
        for (Value p : Operands.elements(collection)) {
            List<Value> path = path(p);
            if (path == null) {
                throw BuiltinException.type(builtin, "operand 2 " + PATH_ERROR + p.typeName());
            }
            out.add(path);
        }
        return out;
    }

    /** A JSON pointer's segments (leading slashes ignored, the empty pointer is the root), or null. */
    private static @Nullable List<Value> path(Value p) {
        if (p instanceof ArrayValue segments) {
            return segments.asList();
        }
        if (!(p instanceof StringValue s)) {
            return null;
        }
        if (s.value().isEmpty()) {
            return List.of();
        }
        String trimmed = s.value().replaceFirst("^/+", "");
        List<Value> out = new ArrayList<>();
        for (String part : trimmed.split("/", -1)) {
            out.add(StringValue.of(part.replace("~1", "/").replace("~0", "~")));
        }
        return out;
    }

    /**
     * The paths as a tree; {@link #LEAF} marks where a path ends, and a shorter path wins over a
     * longer one through it. The empty path selects nothing.
     */
    private record PathTrie(Map<Value, PathTrie> children) {
        static final PathTrie LEAF = new PathTrie(Map.of());

        static PathTrie of(List<List<Value>> paths) {
            PathTrie root = new PathTrie(new HashMap<>());
            for (List<Value> path : paths) {
                if (path.isEmpty()) {
                    continue;
                }
                PathTrie node = root;
                boolean covered = false;
                for (int i = 0; i < path.size() - 1 && !covered; i++) {
                    PathTrie child = node.children.get(path.get(i));
                    if (child == null) {
                        child = new PathTrie(new HashMap<>());
                        node.children.put(path.get(i), child);
                    }
                    covered = child == LEAF;
                    node = child;
                }
                if (!covered) {
                    node.children.put(path.getLast(), LEAF);
                }
            }
            return root;
        }

        @Nullable PathTrie get(Value key) {
            return children.get(key);
        }
    }

    /** {@code a} without what the trie selects; null when all of it is removed. Array indexes are matched as strings. */
    private static @Nullable Value remove(Value a, @Nullable PathTrie trie) {
        if (trie == null) {
            return a;
        }
        if (trie == PathTrie.LEAF) {
            return null;
        }
        return switch (a) {
            case ObjectValue o -> {
                ObjectValue.Builder b = ObjectValue.builder(o.size());
                for (int i = 0; i < o.size(); i++) {
                    Value kept = remove(o.valueAt(i), trie.get(o.keyAt(i)));
                    if (kept != null) {
                        b.put(o.keyAt(i), kept);
                    }
                }
                yield b.build();
            }
            case SetValue s -> {
                SetValue.Builder b = SetValue.builder();
                for (Value v : s.asList()) {
                    Value kept = remove(v, trie.get(v));
                    if (kept != null) {
                        b.add(kept);
                    }
                }
                yield b.build();
            }
            case ArrayValue arr -> {
                List<Value> out = new ArrayList<>(arr.size());
                for (int i = 0; i < arr.size(); i++) {
                    Value kept = remove(arr.get(i), trie.get(StringValue.of(Integer.toString(i))));
                    if (kept != null) {
                        out.add(kept);
                    }
                }
                yield ArrayValue.of(out);
            }
            default -> a;
        };
    }

    /** Only what the trie selects from {@code o}. Array indexes are matched as strings. */
    private static Value filter(Value o, PathTrie trie) {
        if (trie == PathTrie.LEAF) {
            return o;
        }
        return switch (o) {
            case ObjectValue obj -> {
                ObjectValue.Builder b = ObjectValue.builder();
                for (int i = 0; i < obj.size(); i++) {
                    PathTrie sub = trie.get(obj.keyAt(i));
                    if (sub != null) {
                        b.put(obj.keyAt(i), filter(obj.valueAt(i), sub));
                    }
                }
                yield b.build();
            }
            case SetValue s -> {
                SetValue.Builder b = SetValue.builder();
                for (Value v : s.asList()) {
                    PathTrie sub = trie.get(v);
                    if (sub != null) {
                        b.add(filter(v, sub));
                    }
                }
                yield b.build();
            }
            case ArrayValue arr -> {
                List<Value> out = new ArrayList<>();
                for (int i = 0; i < arr.size(); i++) {
                    PathTrie sub = trie.get(StringValue.of(Integer.toString(i)));
                    if (sub != null) {
                        out.add(filter(arr.get(i), sub));
                    }
                }
                yield ArrayValue.of(out);
            }
            default -> o;
        };
    }

    // ---- json.patch (RFC 6902, extended to sets) ----

    private static @Nullable Value patch(Value doc, ArrayValue operations) {
        Value current = doc;
        for (Value op : operations.asList()) {
            if (!(op instanceof ObjectValue o)) {
                return null;
            }
            current = apply(current, o);
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    private static @Nullable Value apply(Value doc, ObjectValue op) {
        if (!(op.get("op") instanceof StringValue name)) {
            return null;
        }
        Value pathValue = op.get("path");
        List<Value> path = pathValue == null ? null : path(pathValue);
        if (path == null) {
            return null;
        }
        Value value = op.get("value");
        return switch (name.value()) {
            case "add" -> value == null ? null : insert(doc, path, value);
            case "remove" -> path.isEmpty() ? null : delete(doc, path);
            case "replace" -> {
                if (value == null) {
                    yield null;
                }
                if (path.isEmpty()) {
                    yield value;
                }
                Value removed = delete(doc, path);
                yield removed == null ? null : insert(removed, path, value);
            }
            case "move", "copy" -> {
                Value fromValue = op.get("from");
                List<Value> from = fromValue == null ? null : path(fromValue);
                Value chunk = from == null ? null : get(doc, from);
                if (chunk == null) {
                    yield null;
                }
                Value source = doc;
                if (name.value().equals("move")) {
                    source = from.isEmpty() ? null : delete(doc, from);
                }
                yield source == null ? null : insert(source, path, chunk);
            }
            case "test" -> value != null && value.equals(get(doc, path)) ? doc : null;
            default -> null;
        };
    }

    /** The value at {@code path}, or null when some segment does not exist. */
    private static @Nullable Value get(Value doc, List<Value> path) {
        Value current = doc;
        for (Value segment : path) {
            current = child(current, segment);
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    private static @Nullable Value child(Value container, Value key) {
        return switch (container) {
            case ObjectValue o -> o.get(key);
            case SetValue s -> s.contains(key) ? key : null;
            case ArrayValue a -> {
                int i = index(a.size(), key);
                yield i >= 0 && i < a.size() ? a.get(i) : null;
            }
            default -> null;
        };
    }

    private interface Edit {
        @Nullable Value apply(Value container, Value key);
    }

    /** Rebuilds {@code doc} with {@code edit} applied to the container at the path's parent. */
    private static @Nullable Value edit(Value doc, List<Value> path, int depth, Edit edit) {
        Value key = path.get(depth);
        if (depth == path.size() - 1) {
            return edit.apply(doc, key);
        }
        Value child = child(doc, key);
        if (child == null) {
            return null;
        }
        Value changed = edit(child, path, depth + 1, edit);
        if (changed == null) {
            return null;
        }
        return switch (doc) {
            case ObjectValue o -> with(o, key, changed);
            case SetValue s -> {
                SetValue.Builder b = SetValue.builder();
                for (Value v : s.asList()) {
                    b.add(v.equals(child) ? changed : v);
                }
                yield b.build();
            }
            case ArrayValue a -> {
                Value[] items = a.toArray();
                items[index(a.size(), key)] = changed;
                yield ArrayValue.wrap(items);
            }
            default -> null;
        };
    }

    private static @Nullable Value insert(Value doc, List<Value> path, Value value) {
        if (path.isEmpty()) {
            return value;
        }
        return edit(doc, path, 0, (container, key) -> switch (container) {
            case ObjectValue o -> with(o, key, value);
            case SetValue s -> {
                if (!key.equals(value)) {
                    yield null;
                }
                yield SetValue.builder().addAll(s).add(value).build();
            }
            case ArrayValue a -> {
                int i = index(a.size(), key);
                if (i < 0 || i > a.size()) {
                    yield null;
                }
                List<Value> items = new ArrayList<>(a.asList());
                items.add(i, value);
                yield ArrayValue.of(items);
            }
            default -> null;
        });
    }

    private static @Nullable Value delete(Value doc, List<Value> path) {
        return edit(doc, path, 0, (container, key) -> switch (container) {
            case ObjectValue o -> {
                if (!o.containsKey(key)) {
                    yield null;
                }
                Map<Value, Value> entries = new LinkedHashMap<>(o.asMap());
                entries.remove(key);
                yield ObjectValue.of(entries);
            }
            case SetValue s -> {
                if (!s.contains(key)) {
                    yield null;
                }
                List<Value> items = new ArrayList<>(s.asList());
                items.remove(key);
                yield SetValue.of(items);
            }
            case ArrayValue a -> {
                int i = index(a.size(), key);
                if (i < 0 || i >= a.size()) {
                    yield null;
                }
                List<Value> items = new ArrayList<>(a.asList());
                items.remove(i);
                yield ArrayValue.of(items);
            }
            default -> null;
        });
    }

    private static ObjectValue with(ObjectValue o, Value key, Value value) {
        Map<Value, Value> entries = new LinkedHashMap<>(o.asMap());
        entries.put(key, value);
        return ObjectValue.of(entries);
    }

    /**
     * An array index from a path segment: a whole number, or a string holding one without leading
     * zeros, or {@code "-"} for the end. Anything else is -1, which no array has.
     */
    private static int index(int length, Value key) {
        if (key instanceof NumberValue n) {
            Integer i = n.intValueExact();
            return i == null ? -1 : i;
        }
        if (!(key instanceof StringValue s)) {
            return -1;
        }
        String text = s.value();
        if (text.equals("-")) {
            return length;
        }
        if (!text.matches("[+-]?[0-9]+") || (text.startsWith("0") && !text.equals("0"))) {
            return -1;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
