package dev.lap.policy.value;

import java.io.Reader;
import java.io.StringReader;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLReadFeature;

/**
 * Reads a YAML document into a value, with YAML 1.2's core types: unlike Go's reader, a plain
 * {@code ~} is the string "~", not null (write {@code null}).
 */
public final class Yaml {
    /** An empty value ({@code key:}) is null in YAML, as Go's reader (and so OPA) reads it. */
    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(YAMLReadFeature.EMPTY_STRING_AS_NULL)
            .build();

    private Yaml() {}

    public static Value parse(String yaml) {
        return Json.read(FACTORY, new StringReader(yaml));
    }

    public static Value read(Reader reader) {
        return Json.read(FACTORY, reader);
    }
}
