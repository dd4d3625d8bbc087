package dev.lap.policy.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checked-in notes of the conformance cases that pass ({@code conformance/passing.txt}): a
 * case listed there that stops passing fails the build. It only grows.
 */
final class Baseline {
    private static final String FILE = "src/test/resources/conformance/passing.txt";

    private Baseline() {}

    /** The module directory: Maven's {@code basedir}, or the working directory. */
    static Path moduleDir() {
        String basedir = System.getProperty("basedir");
        Path dir = basedir != null ? Path.of(basedir) : Path.of("").toAbsolutePath();
        // Run from the repository root (an IDE), the module is one level down.
        return Files.isDirectory(dir.resolve("src/test/resources/conformance")) ? dir : dir.resolve("policy-engine");
    }

    static Set<String> read() throws IOException {
        Path p = moduleDir().resolve(FILE);
        Set<String> notes = new TreeSet<>();
        if (Files.exists(p)) {
            for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                // "#:" marks the header; a note itself may start with "#".
                if (!line.isBlank() && !line.startsWith("#:")) {
                    notes.add(line);
                }
            }
        }
        return notes;
    }

    static void write(Set<String> notes) throws IOException {
        StringBuilder sb = new StringBuilder(
                "#: Notes of OPA conformance cases that pass; a listed case that fails breaks the build.\n"
                        + "#: Grown with: ./mvnw -pl policy-engine verify -Dtest=OpaConformanceTest"
                        + " -Dlap.conformance.updateBaseline=true\n");
        for (String n : notes) {
            sb.append(n).append('\n');
        }
        Files.writeString(moduleDir().resolve(FILE), sb.toString(), StandardCharsets.UTF_8);
    }
}
