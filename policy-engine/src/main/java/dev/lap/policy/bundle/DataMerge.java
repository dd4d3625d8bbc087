package dev.lap.policy.bundle;

import dev.lap.policy.value.ObjectValue;
import dev.lap.policy.value.StringValue;
import dev.lap.policy.value.Value;
import java.util.List;

/** Places data documents at their directory's path, merging objects and refusing to overwrite. */
final class DataMerge {
    private DataMerge() {}

    static final class Conflict extends Exception {
        private static final long serialVersionUID = 1L;
        private final String path;

        Conflict(String path) {
            super(path, null, false, false);
            this.path = path;
        }

        String path() {
            return path;
        }
    }

    static Value merge(Value into, List<String> path, Value doc) throws Conflict {
        return merge(into, path, 0, doc, "");
    }

    private static Value merge(Value into, List<String> path, int i, Value doc, String at) throws Conflict {
        if (i < path.size()) {
            ObjectValue obj = into instanceof ObjectValue o ? o : ObjectValue.EMPTY;
            String key = path.get(i);
            Value child = obj.get(key);
            String childAt = at.isEmpty() ? key : at + "." + key;
            return obj.toBuilder()
                    .put(key, merge(child == null ? ObjectValue.EMPTY : child, path, i + 1, doc, childAt))
                    .build();
        }
        if (!(into instanceof ObjectValue existing) || !(doc instanceof ObjectValue incoming)) {
            if (into instanceof ObjectValue e && e.isEmpty()) {
                return doc;
            }
            throw new Conflict(at.isEmpty() ? "(root)" : at);
        }
        ObjectValue.Builder b = existing.toBuilder();
        for (int k = 0; k < incoming.size(); k++) {
            Value key = incoming.keyAt(k);
            Value prev = existing.get(key);
            String keyAt = (at.isEmpty() ? "" : at + ".") + (key instanceof StringValue s ? s.value() : key.toString());
            b.put(key, prev == null ? incoming.valueAt(k) : mergeValues(prev, incoming.valueAt(k), keyAt));
        }
        return b.build();
    }

    private static Value mergeValues(Value a, Value b, String at) throws Conflict {
        if (a instanceof ObjectValue && b instanceof ObjectValue) {
            return merge(a, List.of(), 0, b, at);
        }
        throw new Conflict(at);
    }
}
