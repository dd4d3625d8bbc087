package dev.lap.console.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code lap.*} configuration keys (defaults in application.yaml; docs/server.md lists them).
 *
 * @param stateDir where the server keeps its state: the embedded database, the admin token, the
 *     audit key and spool, each session's directory
 * @param policyDir the policy bundle
 * @param credentialsFile the vault-format credentials file, used when it exists
 * @param resetAdminToken replace the admin token with a new one at start (its file was lost)
 */
@ConfigurationProperties("lap")
public record LapProperties(
        Path stateDir,
        Path policyDir,
        Path credentialsFile,
        Database database,
        SessionSettings sessions,
        Duration attachTokenTtl,
        Duration policyReloadInterval,
        boolean resetAdminToken,
        Vault vault) {

    /** An external PostgreSQL; an empty URL means the embedded one. */
    public record Database(String url, String username, String password) {
        public boolean external() {
            return url != null && !url.isBlank();
        }

        @Override
        public String toString() {
            return "Database[" + (external() ? "external" : "embedded") + ", details hidden]";
        }
    }

    /**
     * What every session's vault trusts upstream beyond the system roots, and where it connects
     * for a host (a private registry, a test's fake GitHub).
     *
     * @param upstreamCas PEM files of extra CAs
     * @param connectTo {@code HOST:PORT:ADDR:PORT2} pins
     */
    public record Vault(List<Path> upstreamCas, List<String> connectTo) {
        public Vault {
            upstreamCas = upstreamCas == null ? List.of() : List.copyOf(upstreamCas);
            connectTo = connectTo == null ? List.of() : List.copyOf(connectTo);
        }
    }

    public record SessionSettings(Duration reapInterval, Duration stopGrace, Duration startTimeout) {}
}
