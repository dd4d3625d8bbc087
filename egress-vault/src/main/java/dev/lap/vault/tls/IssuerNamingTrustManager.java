package dev.lap.vault.tls;

import java.net.Socket;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JDK's PKIX trust manager over the vault's trusted roots, whose refusals say what an operator
 * needs: the JDK's own "PKIX path building failed: unable to find valid certification path" names
 * neither the certificate nor the fix. Host name checks and every other rule are the JDK's.
 */
final class IssuerNamingTrustManager extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager delegate;

    private IssuerNamingTrustManager(X509ExtendedTrustManager delegate) {
        this.delegate = delegate;
    }

    static IssuerNamingTrustManager trusting(Collection<X509Certificate> roots) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (X509Certificate root : roots) {
                store.setCertificateEntry("root-" + i++, root);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager tm : factory.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x509) {
                    return new IssuerNamingTrustManager(x509);
                }
            }
            throw new IllegalStateException("the JDK offers no X509ExtendedTrustManager");
        } catch (KeyStoreException | NoSuchAlgorithmException | CertificateException | java.io.IOException e) {
            throw new IllegalStateException("cannot build the upstream trust store: " + e.getMessage(), e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        try {
            delegate.checkServerTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            throw explained(chain, e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        try {
            delegate.checkServerTrusted(chain, authType, socket);
        } catch (CertificateException e) {
            throw explained(chain, e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        try {
            delegate.checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
            throw explained(chain, e);
        }
    }

    /**
     * An untrusted chain names the certificate's subject and issuer and the option that adds a CA;
     * other failures (a name mismatch, an expired certificate) keep the JDK's words, which say
     * what is wrong.
     */
    private static CertificateException explained(X509Certificate[] chain, CertificateException e) {
        if (chain.length == 0 || !untrusted(e)) {
            return e;
        }
        X509Certificate top = chain[chain.length - 1];
        return new CertificateException(
                "the upstream's certificate ("
                        + chain[0].getSubjectX500Principal().getName()
                        + ") is issued by \"" + top.getIssuerX500Principal().getName()
                        + "\", which the vault does not trust; if that is your own CA, pass its PEM file with"
                        + " --upstream-ca",
                e);
    }

    private static boolean untrusted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            // No path to a trusted root, or a path to a root of the same name but another key.
            if (t instanceof java.security.cert.CertPathBuilderException
                    || t instanceof java.security.cert.CertPathValidatorException
                    || String.valueOf(t.getMessage()).contains("PKIX path")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("the vault's upstream connections accept no client certificates");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("the vault's upstream connections accept no client certificates");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the vault's upstream connections accept no client certificates");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }
}
