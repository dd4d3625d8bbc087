package dev.lap.policy.value;

import java.io.Reader;
import java.io.StringReader;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.dataformat.yaml.YAMLFactory;

/** Reads a YAML document into a value. */
public final class Yaml {
    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Yaml() {}

    public static Value parse(String yaml) {
        return Json.read(FACTORY, new StringReader(yaml));
    }

    public static Value read(Reader reader) {
        return Json.read(FACTORY, reader);
    }
}
