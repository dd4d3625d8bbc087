package dev.lap.vault.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The root certificates the vault and its sandboxes trust for the real internet.
 *
 * <p>The distribution's bundle comes first because it is what curl, git, Python and Node in a
 * sandbox trusted before the vault replaced their CA file: the vault should widen their trust by
 * its own CA and nothing else. Only where no such bundle exists (a minimal image) does the JDK's
 * default trust store stand in.
 */
final class SystemRoots {
    static final Path DISTRIBUTION_BUNDLE = Path.of("/etc/ssl/certs/ca-certificates.crt");

    private SystemRoots() {}

    static List<X509Certificate> load() throws IOException {
        return load(DISTRIBUTION_BUNDLE);
    }

    static List<X509Certificate> load(Path distributionBundle) throws IOException {
        List<X509Certificate> roots =
                Files.isReadable(distributionBundle) ? Pem.readCertificates(distributionBundle) : jdkDefaults();
        // A bundle may list a root twice; X509Certificate equality is by encoding.
        return List.copyOf(new LinkedHashSet<>(roots));
    }

    /** The JDK's default trust store, honouring {@code javax.net.ssl.trustStore} when set. */
    static List<X509Certificate> jdkDefaults() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            Set<X509Certificate> roots = new LinkedHashSet<>();
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    roots.addAll(List.of(x509.getAcceptedIssuers()));
                }
            }
            return new ArrayList<>(roots);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's default trust store cannot be read", e);
        }
    }
}
