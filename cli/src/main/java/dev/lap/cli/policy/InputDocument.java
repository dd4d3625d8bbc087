package dev.lap.cli.policy;

import dev.lap.cli.CliException;
import dev.lap.policy.value.DocumentException;
import dev.lap.policy.value.Json;
import dev.lap.policy.value.Value;
import dev.lap.policy.value.Yaml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The {@code input} document given with {@code -i}: JSON, or YAML when the name ends in .yaml or .yml. */
final class InputDocument {
    private InputDocument() {}

    static Value read(Path file) throws CliException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CliException("input file " + file + " does not exist (-i takes a JSON or YAML file)");
        } catch (IOException e) {
            throw new CliException("cannot read input file " + file + ": " + e.getMessage());
        }
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
        try {
            return yaml ? Yaml.parse(text) : Json.parse(text);
        } catch (DocumentException e) {
            throw new CliException(file + ":" + e.line() + ":" + e.column() + ": input is not valid "
                    + (yaml ? "YAML" : "JSON") + ": " + e.getMessage()
                    + (yaml ? "" : " (name the file .yaml or .yml to read it as YAML)"));
        }
    }
}
