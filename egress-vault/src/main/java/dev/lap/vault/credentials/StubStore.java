package dev.lap.vault.credentials;

import dev.lap.vault.credentials.CredentialsException.Code;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code stubs.json} in the vault's private directory: the stubs it issued, so that a restarted
 * vault recognises the stubs its sandboxes already hold. Each entry keeps the fingerprint and
 * length of the real value it stood for; when either changes between two starts, the old stub is
 * dropped, because it was shaped after a value that no longer exists. A value rotated while the
 * vault runs ({@link Credentials#rotate}) keeps its stub, and the entry then records the new
 * value's fingerprint, so a restart keeps that stub too.
 *
 * <p>Stubs are not secrets, but the file says which credentials exist, hence 0600 in a 0700
 * directory. Writes go to a temporary file in the same directory and are moved into place, so a
 * crash leaves the old file or the new one, never half of one.
 */
final class StubStore {
    static final String FILE_NAME = "stubs.json";
    static final int VERSION = 1;
    static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A stored stub; nothing here is a secret (the fingerprint is what audit rows show). */
    record Entry(String stub, String fingerprint, int length) {
        Entry {
            Objects.requireNonNull(stub, "stub");
            Objects.requireNonNull(fingerprint, "fingerprint");
        }
    }

    record FileDto(int version, Map<String, Entry> stubs) {}

    private StubStore() {}

    static Map<String, Entry> load(Path dir) throws CredentialsException {
        Path file = dir.resolve(FILE_NAME);
        FileDto dto = readIfPresent(
                file,
                FileDto.class,
                e -> new CredentialsException(
                        Code.STUB_STORE_CORRUPT,
                        file + " is not a stub store this vault wrote ("
                                + e.getOriginalMessage()
                                + "); move it away to issue new stubs (running sandboxes then need"
                                + " restarting)"));
        if (!Files.exists(file)) {
            return Map.of();
        }
        if (dto == null || dto.version() != VERSION || dto.stubs() == null) {
            throw new CredentialsException(
                    Code.STUB_STORE_CORRUPT,
                    file + " has no version " + VERSION
                            + " stubs; move it away to issue new stubs (running sandboxes then need restarting)");
        }
        return dto.stubs();
    }

    /** {@code file} read as {@code type}: null when there is no such file, {@code unreadable}'s exception when it does not parse. */
    static <T> @Nullable T readIfPresent(
            Path file, Class<T> type, Function<JacksonException, CredentialsException> unreadable)
            throws CredentialsException {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return JSON.readValue(file.toFile(), type);
        } catch (JacksonException e) {
            throw unreadable.apply(e);
        }
    }

    static void save(Path dir, Map<String, Entry> stubs) throws CredentialsException {
        try {
            createPrivateDir(dir);
            byte[] json =
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(new FileDto(VERSION, new TreeMap<>(stubs)));
            writeAtomically(dir.resolve(FILE_NAME), json, PRIVATE_FILE);
        } catch (IOException | JacksonException e) {
            throw new CredentialsException(Code.STUB_STORE_IO, "cannot write " + dir.resolve(FILE_NAME) + ": " + e, e);
        }
    }

    static void createPrivateDir(Path dir) throws IOException {
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(dir)) {
            try {
                if (posix) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
                } else {
                    Files.createDirectories(dir);
                }
            } catch (FileAlreadyExistsException e) {
                // Another process made it between the check and the call; the chmod below still applies.
            }
        }
        if (posix) {
            Files.setPosixFilePermissions(dir, PRIVATE_DIR);
        }
    }

    /** Writes {@code content} to a temporary sibling with {@code permissions}, then renames it over {@code target}. */
    static void writeAtomically(Path target, byte[] content, Set<PosixFilePermission> permissions) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attrs = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
                : new FileAttribute<?>[0];
        Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp", attrs);
        try {
            try (FileChannel ch =
                    FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            if (posix) {
                // createTempFile's mode is filtered by the umask; the file must end up exactly so.
                Files.setPosixFilePermissions(temp, permissions);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
