package dev.lap.vault.credentials;

import dev.lap.vault.credentials.CredentialsException.Code;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code captured.json} in the vault's private directory: the values the vault captured from
 * responses, with the host each is bound to and the stub the sandbox holds for it, so that a
 * restarted vault still swaps the stubs its sandboxes received. Unlike {@code stubs.json} this
 * file holds real values (nowhere else has them), hence the same 0600 in a 0700 directory as the
 * CA's key; it is written to a temporary file and renamed into place.
 */
final class CapturedStore {
    static final String FILE_NAME = "captured.json";
    static final int VERSION = 1;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A stored capture; {@code value} is a real secret, kept out of {@link #toString()}. */
    record Entry(String host, String placement, String from, String stub, String value) {
        Entry {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(placement, "placement");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(stub, "stub");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return "Entry[" + host + ", " + placement + ", " + from + "]";
        }
    }

    record FileDto(int version, Map<String, Entry> captured) {}

    private CapturedStore() {}

    static Map<String, Entry> load(Path dir) throws CredentialsException {
        Path file = dir.resolve(FILE_NAME);
        // Not the parser's message: it may quote the file, which holds secrets.
        FileDto dto = StubStore.readIfPresent(file, FileDto.class, e -> corrupt(file, "it does not parse"));
        if (!Files.exists(file)) {
            return Map.of();
        }
        if (dto == null || dto.version() != VERSION || dto.captured() == null) {
            throw corrupt(file, "it has no version " + VERSION + " captures");
        }
        return dto.captured();
    }

    static CredentialsException corrupt(Path file, String why) {
        return new CredentialsException(
                Code.STUB_STORE_CORRUPT,
                file + " is not a store of captured credentials this vault wrote (" + why
                        + "); move it away to forget the captures (the sandboxes then need to sign in again)");
    }

    static void save(Path dir, Map<String, Entry> captured) throws CredentialsException {
        try {
            StubStore.createPrivateDir(dir);
            byte[] json = JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(new FileDto(VERSION, new TreeMap<>(captured)));
            StubStore.writeAtomically(dir.resolve(FILE_NAME), json, StubStore.PRIVATE_FILE);
        } catch (IOException | JacksonException e) {
            throw new CredentialsException(
                    Code.STUB_STORE_IO,
                    "cannot write " + dir.resolve(FILE_NAME) + ": "
                            + e.getClass().getSimpleName(),
                    e);
        }
    }
}
