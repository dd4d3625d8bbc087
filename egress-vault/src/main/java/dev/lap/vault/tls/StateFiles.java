package dev.lap.vault.tls;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Writes files of the vault's state directory so that a reader never sees half a file, and a
 * private file is never readable by anyone else, not even for a moment.
 */
final class StateFiles {
    static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> WORLD_READABLE_FILE = PosixFilePermissions.fromString("rw-r--r--");

    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);

    private StateFiles() {}

    /**
     * Replaces {@code target} with {@code content}: a temporary file next to it is created with
     * {@code permissions} from the start, synced, and renamed over the target.
     */
    static void writeAtomically(Path target, String content, Set<PosixFilePermission> permissions) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(
                directory, "." + absolute.getFileName(), ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.US_ASCII));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            // Widening happens on the temporary name, before anyone can open the file by its
            // real name; narrowing needs no step at all.
            if (!permissions.equals(OWNER_ONLY_FILE)) {
                Files.setPosixFilePermissions(temporary, permissions);
            }
            try {
                Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Creates {@code directory} as rwx------ if it is absent; otherwise requires it to be so. */
    static void ensurePrivateDirectory(Path directory) throws IOException {
        if (Files.notExists(directory, LinkOption.NOFOLLOW_LINKS)) {
            Path parent = directory.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
            // The umask can only have removed bits; make the mode exact anyway.
            Files.setPosixFilePermissions(directory, OWNER_ONLY_DIRECTORY);
            return;
        }
        if (!Files.isDirectory(directory)) {
            throw new TlsFileException(directory, "is not a directory; it should hold the vault's CA key");
        }
        requireOwnerOnly(directory, "chmod 700");
    }

    /** Fails when group or others have any access to {@code path}. */
    static void requireOwnerOnly(Path path, String fix) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        if (view == null) {
            throw new TlsFileException(
                    path, "is on a file system without POSIX permissions, so the CA key cannot be kept private");
        }
        Set<PosixFilePermission> permissions = view.readAttributes().permissions();
        if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
            throw new TlsFileException(
                    path,
                    "has permissions " + PosixFilePermissions.toString(permissions)
                            + ", so others may read the vault's CA key; run '" + fix + " " + path
                            + "' and, if others may already have read the key, delete the key and certificate"
                            + " so that a new CA is created");
        }
    }
}
