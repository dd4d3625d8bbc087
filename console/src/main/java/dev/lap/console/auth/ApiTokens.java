package dev.lap.console.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import liquibase.Liquibase;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.LiquibaseException;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API tokens: each is 32 random bytes, shown once to its owner; the database keeps only its
 * SHA-256. On first start the admin token is created and written to {@code <state-dir>/admin-token}
 * (mode 0600). Tokens are compared by hash, in constant time.
 */
public final class ApiTokens {
    private static final Logger log = LoggerFactory.getLogger(ApiTokens.class);
    private static final String CHANGELOG = "dev/lap/console/auth/changelog.sql";
    private static final SecureRandom RANDOM = new SecureRandom();
    public static final String ADMIN = "admin";

    private final Map<String, byte[]> hashes = new ConcurrentHashMap<>();

    private ApiTokens() {}

    /**
     * Migrates the token table, creates the admin token if there is none (or {@code reset} asks
     * for a new one), and loads the hashes.
     */
    public static ApiTokens open(DataSource data, Path stateDir, boolean reset, Clock clock) {
        ApiTokens tokens = new ApiTokens();
        // Closing Liquibase closes its connection: the schema gets one of its own.
        try (Connection c = data.getConnection()) {
            var database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
            try (var liquibase = new Liquibase(
                    CHANGELOG, new ClassLoaderResourceAccessor(ApiTokens.class.getClassLoader()), database)) {
                liquibase.update("");
            }
        } catch (SQLException | LiquibaseException e) {
            throw new IllegalStateException("the API token table could not be set up: " + e.getMessage(), e);
        }
        try (Connection c = data.getConnection()) {
            if (reset) {
                try (PreparedStatement p = c.prepareStatement("delete from lap_api_token where name = ?")) {
                    p.setString(1, ADMIN);
                    p.executeUpdate();
                }
            }
            try (PreparedStatement p = c.prepareStatement("select name, token_sha256 from lap_api_token");
                    ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    tokens.hashes.put(r.getString(1), r.getBytes(2));
                }
            }
            Path file = stateDir.resolve("admin-token").toAbsolutePath();
            if (!tokens.hashes.containsKey(ADMIN)) {
                String token = "lap_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random(32));
                writeOwnerOnly(file, token + "\n");
                byte[] hash = sha256(token);
                try (PreparedStatement p = c.prepareStatement(
                        "insert into lap_api_token (name, token_sha256, created_at) values (?, ?, ?)")) {
                    p.setString(1, ADMIN);
                    p.setBytes(2, hash);
                    p.setTimestamp(3, Timestamp.from(clock.instant()));
                    p.executeUpdate();
                }
                tokens.hashes.put(ADMIN, hash);
                log.info(
                        "admin API token created and written to {} (mode 0600); send it as"
                                + " 'Authorization: Bearer <token>'",
                        file);
            } else if (Files.exists(file)) {
                log.info("admin API token: in {}", file);
            } else {
                log.warn(
                        "admin API token: {} is gone and only its hash is kept; start lap-server with"
                                + " LAP_RESET_ADMIN_TOKEN=true to create a new one",
                        file);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the API tokens could not be read or stored: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("the admin token could not be written: " + e.getMessage(), e);
        }
        return tokens;
    }

    /** The name of the token's owner, or empty for a token that is not one of ours. */
    public Optional<String> owner(String token) {
        byte[] presented = sha256(token);
        String found = null;
        for (Map.Entry<String, byte[]> e : hashes.entrySet()) {
            if (MessageDigest.isEqual(presented, e.getValue())) {
                found = e.getKey();
            }
        }
        return Optional.ofNullable(found);
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static void writeOwnerOnly(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(
                tmp,
                file,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
