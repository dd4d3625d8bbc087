package dev.lap.cli.policy;

import static java.util.Objects.requireNonNull;

import dev.lap.cli.CliException;
import dev.lap.policy.CompiledPolicy;
import dev.lap.policy.Location;
import dev.lap.policy.PolicyEngine;
import dev.lap.policy.PolicySource;
import dev.lap.policy.RegoError;
import dev.lap.policy.RegoException;
import dev.lap.policy.bundle.Bundle;
import dev.lap.policy.value.ObjectValue;
import dev.lap.policy.value.StringValue;
import dev.lap.policy.value.Value;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The modules and data of the directories (and single {@code .rego} files) named on the command
 * line, compiled together. Each module is named by the path it was found under ({@code
 * policies/egress.rego}, not just {@code egress.rego}), so every error points at a file the user
 * can open from where they ran the command. Data documents of several directories are merged;
 * two that set the same key are an error, as within one bundle.
 */
record PolicyFiles(List<PolicySource> modules, ObjectValue data) {
    PolicyFiles {
        modules = List.copyOf(modules);
        requireNonNull(data, "data");
    }

    /**
     * @throws CliException a path that does not exist or is neither a directory nor a .rego file
     * @throws RegoException unreadable files, bad data documents, data set twice
     */
    static PolicyFiles read(List<Path> paths) throws CliException, RegoException {
        List<PolicySource> modules = new ArrayList<>();
        List<RegoError> errors = new ArrayList<>();
        ObjectValue data = ObjectValue.EMPTY;
        for (Path path : paths) {
            if (Files.isRegularFile(path) && path.toString().endsWith(".rego")) {
                modules.add(new PolicySource(path.toString(), readModule(path)));
                continue;
            }
            if (!Files.isDirectory(path)) {
                throw new CliException(
                        (Files.exists(path) ? "not a directory or a .rego file: " : "no such directory: ") + path
                                + " (give a directory of .rego files and data.json/data.yaml documents)");
            }
            Bundle bundle;
            try {
                bundle = Bundle.read(path);
            } catch (RegoException e) {
                e.errors().forEach(error -> errors.add(under(path, error)));
                continue;
            }
            for (PolicySource m : bundle.modules()) {
                modules.add(new PolicySource(display(path, m.file()), m.text()));
            }
            data = merge(data, (ObjectValue) bundle.data(), path, "data", errors);
        }
        if (!errors.isEmpty()) {
            throw new RegoException(errors);
        }
        return new PolicyFiles(modules, data);
    }

    CompiledPolicy compile(PolicyEngine engine) throws RegoException {
        return engine.compile(modules, data);
    }

    private static String readModule(Path file) throws CliException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** {@code name} (relative to {@code dir}) as a path relative to where the command runs. */
    private static String display(Path dir, String name) {
        return dir.resolve(name).normalize().toString();
    }

    private static RegoError under(Path dir, RegoError e) {
        Location at = e.location();
        if (at == null) {
            return e;
        }
        return RegoError.at(
                e.code(), e.message(), new Location(display(dir, at.file()), at.row(), at.col(), at.lineText()));
    }

    private static ObjectValue merge(ObjectValue into, ObjectValue add, Path dir, String at, List<RegoError> errors) {
        ObjectValue.Builder b = into.toBuilder();
        for (int i = 0; i < add.size(); i++) {
            Value key = add.keyAt(i);
            Value value = add.valueAt(i);
            @Nullable Value prev = into.get(key);
            String keyAt = at + "." + (key instanceof StringValue s ? s.value() : key.toString());
            if (prev == null) {
                b.put(key, value);
            } else if (prev instanceof ObjectValue p && value instanceof ObjectValue v) {
                b.put(key, merge(p, v, dir, keyAt, errors));
            } else {
                errors.add(RegoError.at(
                        Bundle.BUNDLE_ERROR,
                        "the data documents in " + dir + " set " + keyAt
                                + ", which a directory named before it already sets; give each key one home",
                        null));
            }
        }
        return b.build();
    }
}
