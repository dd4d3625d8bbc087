package dev.lap.audit.chain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

/**
 * The Ed25519 key that signs checkpoints. Its file holds the private key (PKCS#8) and the public
 * key (X.509), both PEM; it is created owner-only ({@code 0600}) on first use, with the public
 * key alone written beside it as {@code <file>.pub} for verifiers. A key file readable by group or
 * others is refused rather than used.
 */
public final class SigningKey {
    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final PrivateKey key;
    private final VerifyingKey publicKey;

    private SigningKey(PrivateKey key, VerifyingKey publicKey) {
        this.key = key;
        this.publicKey = publicKey;
    }

    /** Reads the key in {@code file}, or creates it (and {@code <file>.pub}) when there is none. */
    public static SigningKey loadOrCreate(Path file) throws IOException {
        if (Files.exists(file)) {
            return load(file);
        }
        KeyPair pair;
        try {
            pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK since 15 has Ed25519", e);
        }
        var verifying = new VerifyingKey(pair.getPublic());
        String text = VerifyingKey.pem(BEGIN, END, pair.getPrivate().getEncoded()) + verifying.pem();
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            // Created with its permissions, so the private key is never readable by others, not
            // even between creating and chmod-ing the file.
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException raced) {
            return load(file);
        }
        Files.writeString(file, text, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        Files.writeString(Path.of(file + ".pub"), verifying.pem(), StandardCharsets.US_ASCII);
        return new SigningKey(pair.getPrivate(), verifying);
    }

    private static SigningKey load(Path file) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        if (!OWNER_ONLY.containsAll(perms)) {
            throw new IOException("the checkpoint key " + file + " is readable by others ("
                    + PosixFilePermissions.toString(perms) + "); make it 0600");
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IOException("the checkpoint key " + file + " holds no PEM PRIVATE KEY block");
        }
        try {
            PrivateKey key = KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new PKCS8EncodedKeySpec(
                            Base64.getMimeDecoder().decode(text.substring(begin + BEGIN.length(), end))));
            var signing = new SigningKey(key, VerifyingKey.fromPem(text.substring(end)));
            // A file whose two halves do not belong together would sign checkpoints nobody can verify.
            if (!signing.publicKey.verifies(signing.sign(0, ChainHash.GENESIS, Instant.EPOCH))) {
                throw new IOException("the checkpoint key " + file + " holds a public key of another private key");
            }
            return signing;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // The message names the file and the failure, never the key material.
            throw new IOException("the checkpoint key " + file + " is not an Ed25519 key pair", e);
        }
    }

    public VerifyingKey verifyingKey() {
        return publicKey;
    }

    /** Signs the statement that record {@code seq} had hash {@code hash}. */
    public Checkpoint sign(long seq, String hash, Instant time) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(Checkpoint.signedBytes(seq, hash, time, publicKey.id()));
            return new Checkpoint(seq, hash, time, publicKey.id(), s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    @Override
    public String toString() {
        return "SigningKey[" + publicKey.id() + "]";
    }
}
