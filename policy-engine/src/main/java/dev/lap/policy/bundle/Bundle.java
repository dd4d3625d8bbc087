package dev.lap.policy.bundle;

import static java.util.Objects.requireNonNull;

import dev.lap.policy.Location;
import dev.lap.policy.PolicySource;
import dev.lap.policy.RegoError;
import dev.lap.policy.RegoException;
import dev.lap.policy.value.DocumentException;
import dev.lap.policy.value.Json;
import dev.lap.policy.value.ObjectValue;
import dev.lap.policy.value.Value;
import dev.lap.policy.value.Yaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The contents of a bundle directory: its modules (named by their path relative to the
 * directory) and its data, where {@code a/b/data.json} holds the document at {@code data.a.b}.
 * Hidden files and directories (starting with a dot) are ignored.
 */
public record Bundle(Path root, List<PolicySource> modules, Value data) {
    /** Errors in data documents and unreadable files. */
    public static final String BUNDLE_ERROR = "bundle_error";

    public Bundle {
        requireNonNull(root, "root");
        modules = List.copyOf(modules);
        requireNonNull(data, "data");
    }

    /**
     * Reads every module and data document under {@code root}.
     *
     * @throws RegoException every data document that cannot be read, each with {@code file:row:col},
     *     and data documents that define the same key twice
     */
    public static Bundle read(Path root) throws RegoException {
        if (!Files.isDirectory(root)) {
            throw new RegoException(RegoError.at(
                    BUNDLE_ERROR, "policy directory " + root + " does not exist or is not a directory", null));
        }
        List<PolicySource> modules = new ArrayList<>();
        List<RegoError> errors = new ArrayList<>();
        Value data = ObjectValue.EMPTY;
        for (Path file : files(root)) {
            String name = root.relativize(file).toString().replace('\\', '/');
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException | UncheckedIOException e) {
                errors.add(RegoError.at(
                        BUNDLE_ERROR, "cannot read " + name + ": " + e.getMessage(), Location.of(name, 0, 0)));
                continue;
            }
            String base = file.getFileName().toString();
            if (base.endsWith(".rego")) {
                modules.add(new PolicySource(name, text));
                continue;
            }
            Value doc;
            try {
                doc = base.endsWith(".json") ? Json.parse(text) : Yaml.parse(text);
            } catch (DocumentException e) {
                errors.add(RegoError.at(BUNDLE_ERROR, e.getMessage(), Location.of(name, e.line(), e.column())));
                continue;
            }
            List<String> path = new ArrayList<>();
            Path parent = root.relativize(file).getParent();
            if (parent != null) {
                parent.forEach(p -> path.add(p.toString()));
            }
            try {
                data = DataMerge.merge(data, path, doc);
            } catch (DataMerge.Conflict c) {
                errors.add(RegoError.at(
                        BUNDLE_ERROR,
                        name + " sets data." + c.path() + ", which another data document already sets",
                        Location.of(name, 1, 1)));
            }
        }
        if (!errors.isEmpty()) {
            throw new RegoException(errors);
        }
        return new Bundle(root, modules, data);
    }

    /** Modules and data documents, sorted by path so the revision does not depend on directory order. */
    static List<Path> files(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> !hidden(root, p))
                    .filter(Bundle::relevant)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean hidden(Path root, Path p) {
        for (Path part : root.relativize(p)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static boolean relevant(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(".rego") || n.equals("data.json") || n.equals("data.yaml") || n.equals("data.yml");
    }
}
