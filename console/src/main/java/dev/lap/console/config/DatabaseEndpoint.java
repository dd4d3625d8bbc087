package dev.lap.console.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Where the database is, read once for the two ways the server talks to it: JDBC (the session
 * store and the schemas) and R2DBC (the audit log). No message repeats the URL: it may hold a
 * password.
 */
record DatabaseEndpoint(
        String host,
        int port,
        String database,
        String user,
        @Nullable String password) {

    /**
     * Reads {@code jdbc:postgresql://HOST[:PORT]/DB} or {@code postgresql://[USER[:PASSWORD]@]HOST[:PORT]/DB};
     * a username or password given separately wins over one in the URL.
     */
    static DatabaseEndpoint parse(String url, String username, String password) {
        String u = url.strip();
        if (u.startsWith("jdbc:")) {
            u = u.substring("jdbc:".length());
        }
        if (u.startsWith("postgres://")) {
            u = "postgresql://" + u.substring("postgres://".length());
        }
        URI uri;
        try {
            uri = new URI(u);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    "lap.database.url (LAP_DATABASE_URL) is not a URL; write postgresql://USER@HOST:PORT/DB");
        }
        if (!"postgresql".equals(uri.getScheme())
                || uri.getHost() == null
                || uri.getPath() == null
                || uri.getPath().length() < 2) {
            throw new IllegalArgumentException(
                    "lap.database.url (LAP_DATABASE_URL) must look like postgresql://USER@HOST:PORT/DB"
                            + " or jdbc:postgresql://HOST:PORT/DB");
        }
        String user = username;
        String pass = password;
        if (uri.getRawUserInfo() != null) {
            String[] info = uri.getRawUserInfo().split(":", 2);
            if (user.isEmpty()) {
                user = URLDecoder.decode(info[0], StandardCharsets.UTF_8);
            }
            if (pass.isEmpty() && info.length == 2) {
                pass = URLDecoder.decode(info[1], StandardCharsets.UTF_8);
            }
        }
        if (user.isEmpty()) {
            throw new IllegalArgumentException(
                    "the database URL names no user; put it in the URL (postgresql://USER@HOST/DB)"
                            + " or set lap.database.username (LAP_DATABASE_USERNAME)");
        }
        return new DatabaseEndpoint(
                uri.getHost(),
                uri.getPort() == -1 ? 5432 : uri.getPort(),
                uri.getPath().substring(1),
                user,
                pass.isEmpty() ? null : pass);
    }

    String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** The form the audit log reads ({@code AuditDatabaseUrl}); the password travels apart. */
    String auditUrl() {
        return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return "DatabaseEndpoint[" + host + ":" + port + "/" + database + ", user " + user + "]";
    }
}
