package dev.lap.vault.credentials;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads the credentials file token by token into nullable DTOs that remember where each value
 * was. Data binding would stop at the first unknown key and forget positions; walking the tokens
 * lets every shape error be reported at once, each at its line and column, and leaves the
 * checking of values to {@link CredentialsFile}.
 */
final class CredentialsYaml {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final List<String> TOP_KEYS = List.of("credentials");
    private static final List<String> ENTRY_KEYS = List.of("id", "env", "value_from", "hosts", "placements");
    private static final List<String> VALUE_FROM_KEYS = List.of("env", "file");

    record Pos(int line, int column) {}

    record Text(String value, Pos pos) {}

    static final class ValueFromDto {
        Pos pos = new Pos(0, 0);

        @Nullable Text env;

        @Nullable Text file;
    }

    static final class EntryDto {
        Pos pos = new Pos(0, 0);

        @Nullable Text id;

        @Nullable Text env;

        @Nullable ValueFromDto valueFrom;

        @Nullable List<Text> hosts;

        Pos hostsPos = new Pos(0, 0);

        @Nullable List<Text> placements;

        Pos placementsPos = new Pos(0, 0);
        /** Keys that appeared, valid or not: a key whose bad value was reported is not also "missing". */
        final Set<String> present = new HashSet<>();
    }

    static final class FileDto {
        @Nullable List<EntryDto> credentials;
    }

    private final Path file;
    private final List<CredentialsError> errors;
    private @Nullable JsonParser parser;

    private CredentialsYaml(Path file, List<CredentialsError> errors) {
        this.file = file;
        this.errors = errors;
    }

    /** Parses {@code file}, adding shape errors to {@code errors}; null if it is not YAML at all. */
    static @Nullable FileDto read(Path file, List<CredentialsError> errors) {
        CredentialsYaml reader = new CredentialsYaml(file, errors);
        try (JsonParser p = YAML.createParser(file)) {
            reader.parser = p;
            return reader.readFile();
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            int line = at == null ? 1 : Math.max(1, at.getLineNr());
            int column = at == null ? 1 : Math.max(1, at.getColumnNr());
            String cause = e.getCause() instanceof java.io.IOException io ? io.toString() : e.getOriginalMessage();
            // What was read before a syntax error is not what the author meant; report the syntax alone.
            errors.clear();
            errors.add(new CredentialsError(file, line, column, "not valid YAML: " + firstLine(cause)));
            return null;
        }
    }

    private static String firstLine(@Nullable String s) {
        if (s == null) {
            return "(no detail)";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private JsonParser p() {
        return java.util.Objects.requireNonNull(parser);
    }

    private FileDto readFile() {
        FileDto dto = new FileDto();
        JsonToken first = p().nextToken();
        if (first == null) {
            error(new Pos(1, 1), "the file is empty; it needs a top-level `credentials:` list");
            return dto;
        }
        if (first != JsonToken.START_OBJECT) {
            error(pos(), "the top level must be a mapping with a `credentials:` list");
            return dto;
        }
        Pos top = pos();
        mapping("the top level", TOP_KEYS, (key, keyPos) -> dto.credentials = list("credentials", this::entry));
        if (dto.credentials == null && errors.isEmpty()) {
            error(top, "missing `credentials:`; add a list of credentials (it may be empty: `credentials: []`)");
        }
        return dto;
    }

    private @Nullable EntryDto entry() {
        if (p().currentToken() != JsonToken.START_OBJECT) {
            error(pos(), "each credential is a mapping with id, env, value_from, hosts and placements");
            p().skipChildren();
            return null;
        }
        EntryDto e = new EntryDto();
        e.pos = pos();
        mapping("a credential", ENTRY_KEYS, (key, keyPos) -> {
            e.present.add(key);
            switch (key) {
                case "id" -> e.id = scalar(key);
                case "env" -> e.env = scalar(key);
                case "value_from" -> e.valueFrom = valueFrom();
                case "hosts" -> {
                    e.hostsPos = pos();
                    e.hosts = list(key, () -> scalar("a host"));
                }
                case "placements" -> {
                    e.placementsPos = pos();
                    e.placements = list(key, () -> scalar("a placement"));
                }
                default -> throw new IllegalStateException("unreachable: " + key);
            }
        });
        return e;
    }

    private @Nullable ValueFromDto valueFrom() {
        if (p().currentToken() != JsonToken.START_OBJECT) {
            error(pos(), "value_from must be a mapping: `{env: VARIABLE}` or `{file: /path}`");
            p().skipChildren();
            return null;
        }
        ValueFromDto v = new ValueFromDto();
        v.pos = pos();
        mapping("value_from", VALUE_FROM_KEYS, (key, keyPos) -> {
            if (key.equals("env")) {
                v.env = scalar("value_from.env");
            } else {
                v.file = scalar("value_from.file");
            }
        });
        return v;
    }

    private interface Field {
        void read(String key, Pos keyPos);
    }

    private interface Item<T> {
        @Nullable T read();
    }

    /** Walks a mapping whose START_OBJECT is the current token, refusing unknown and repeated keys. */
    private void mapping(String where, List<String> keys, Field field) {
        Set<String> seen = new HashSet<>();
        while (p().nextToken() == JsonToken.PROPERTY_NAME) {
            String key = p().currentName();
            Pos keyPos = pos();
            p().nextToken();
            if (!keys.contains(key)) {
                error(keyPos, "unknown key `" + key + "` in " + where + "; the keys are " + String.join(", ", keys));
                p().skipChildren();
            } else if (!seen.add(key)) {
                error(keyPos, "`" + key + "` appears twice in " + where + "; keep one");
                p().skipChildren();
            } else {
                field.read(key, keyPos);
            }
        }
    }

    private <T> @Nullable List<T> list(String what, Item<T> item) {
        if (p().currentToken() == JsonToken.VALUE_NULL) {
            return List.of();
        }
        if (p().currentToken() != JsonToken.START_ARRAY) {
            error(pos(), "`" + what + "` must be a list, e.g. `" + what + ": [ ... ]`");
            p().skipChildren();
            return null;
        }
        List<T> items = new ArrayList<>();
        while (p().nextToken() != JsonToken.END_ARRAY) {
            T t = item.read();
            if (t != null) {
                items.add(t);
            }
        }
        return items;
    }

    private @Nullable Text scalar(String what) {
        JsonToken t = p().currentToken();
        Pos at = pos();
        if (t == JsonToken.VALUE_NULL) {
            error(at, "`" + what + "` is empty; give it a value");
            return null;
        }
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            error(
                    at,
                    "`" + what + "` must be a single value, not a "
                            + (t == JsonToken.START_OBJECT ? "mapping" : "list"));
            p().skipChildren();
            return null;
        }
        return new Text(p().getText(), at);
    }

    private Pos pos() {
        TokenStreamLocation at = p().currentTokenLocation();
        return new Pos(at.getLineNr(), at.getColumnNr());
    }

    private void error(Pos at, String message) {
        errors.add(new CredentialsError(file, at.line(), at.column(), message));
    }
}
