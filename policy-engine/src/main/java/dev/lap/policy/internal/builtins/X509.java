package dev.lap.policy.internal.builtins;

import static dev.lap.policy.internal.builtins.Operands.string;

import dev.lap.policy.value.ArrayValue;
import dev.lap.policy.value.BooleanValue;
import dev.lap.policy.value.NullValue;
import dev.lap.policy.value.NumberValue;
import dev.lap.policy.value.ObjectValue;
import dev.lap.policy.value.SetValue;
import dev.lap.policy.value.StringValue;
import dev.lap.policy.value.Value;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.x509.Certificate;
import org.jspecify.annotations.Nullable;

/**
 * {@code crypto.x509.*} and {@code crypto.parse_private_keys}: certificates, chains, certificate
 * requests and private keys from PEM, base64-wrapped PEM or base64 DER, with the results shaped as
 * OPA shapes them ({@link X509Json}). Parsing is BouncyCastle's and the JDK's; chain verification
 * is the JDK's PKIX validator plus the two checks Go's {@code Verify} adds on top (extended key
 * usage, host name).
 */
final class X509 {
    private X509() {}

    /** One certificate: its DER as given, BouncyCastle's structure and the JDK's view for PKIX. */
    record ParsedCertificate(byte[] raw, Certificate asn1, X509Certificate jca) {}

    /** Go's {@code x509.ExtKeyUsage} names OPA accepts in {@code KeyUsages}, with their numbers. */
    private static final Map<String, Integer> KEY_USAGE_OPTIONS = Map.ofEntries(
            Map.entry("KeyUsageAny", 0),
            Map.entry("KeyUsageServerAuth", 1),
            Map.entry("KeyUsageClientAuth", 2),
            Map.entry("KeyUsageCodeSigning", 3),
            Map.entry("KeyUsageEmailProtection", 4),
            Map.entry("KeyUsageIPSECEndSystem", 5),
            Map.entry("KeyUsageIPSECTunnel", 6),
            Map.entry("KeyUsageIPSECUser", 7),
            Map.entry("KeyUsageTimeStamping", 8),
            Map.entry("KeyUsageOCSPSigning", 9),
            Map.entry("KeyUsageMicrosoftServerGatedCrypto", 10),
            Map.entry("KeyUsageNetscapeServerGatedCrypto", 11),
            Map.entry("KeyUsageMicrosoftCommercialCodeSigning", 12),
            Map.entry("KeyUsageMicrosoftKernelCodeSigning", 13));

    private static final int EXT_KEY_USAGE_ANY = 0;
    private static final int EXT_KEY_USAGE_SERVER_AUTH = 1;

    /** What verification checks beyond the chain itself; Go's {@code x509.VerifyOptions}. */
    private record VerifyOptions(String dnsName, @Nullable Date currentTime, List<Integer> keyUsages) {}

    static void register(BuiltinRegistry r) {
        r.register("crypto.x509.parse_certificates", List.of(Type.STRING), Type.ARRAY, (a, ctx) -> {
            List<Value> out = new ArrayList<>();
            for (ParsedCertificate c : certificates("crypto.x509.parse_certificates", string(a, 0))) {
                out.add(X509Json.certificate(c, true));
            }
            return ArrayValue.of(out);
        });
        r.registerNondeterministic(
                "crypto.x509.parse_and_verify_certificates",
                List.of(Type.STRING),
                Type.ARRAY,
                (a, ctx) -> parseAndVerify("crypto.x509.parse_and_verify_certificates", string(a, 0), null, true, ctx));
        r.registerNondeterministic(
                "crypto.x509.parse_and_verify_certificates_with_options",
                List.of(Type.STRING, Type.OBJECT),
                Type.ARRAY,
                (a, ctx) -> parseAndVerify(
                        "crypto.x509.parse_and_verify_certificates_with_options",
                        string(a, 0),
                        (ObjectValue) a[1],
                        // OPA adds URIStrings only in the variant without options.
                        false,
                        ctx));
        r.register(
                "crypto.x509.parse_certificate_request",
                List.of(Type.STRING),
                Type.OBJECT,
                (a, ctx) -> certificateRequest(string(a, 0)));
        r.register(
                "crypto.x509.parse_keypair",
                List.of(Type.STRING, Type.STRING),
                Type.OBJECT,
                (a, ctx) -> keyPair(string(a, 0), string(a, 1)));
        r.register("crypto.x509.parse_rsa_private_key", List.of(Type.STRING), Type.OBJECT, (a, ctx) -> {
            String name = "crypto.x509.parse_rsa_private_key";
            String text = string(a, 0);
            if (text.isEmpty()) {
                throw BuiltinException.failed(name, "input PEM data was empty");
            }
            if (!text.startsWith("-----BEGIN")) {
                text = latin1(Encoding.goBase64(name, text));
            }
            List<PrivateKeys.KeyPair> keys = PrivateKeys.fromPem(name, text);
            return keys.isEmpty() ? NullValue.NULL : PrivateKeys.jwk(name, keys.get(0));
        });
        r.register("crypto.parse_private_keys", List.of(Type.STRING), Type.ARRAY, (a, ctx) -> {
            String text = string(a, 0);
            if (text.isEmpty()) {
                return NullValue.NULL;
            }
            List<Value> out = new ArrayList<>();
            for (PrivateKeys.KeyPair k : PrivateKeys.fromPem("crypto.parse_private_keys", text)) {
                out.add(X509Json.privateKey(k.privateKey(), k.publicKey()));
            }
            return ArrayValue.of(out);
        });
    }

    /**
     * Certificates from PEM (one or more CERTIFICATE blocks), base64 of PEM, or base64 of DER (one
     * or more certificates back to back), as OPA's {@code getX509CertsFromString} reads them.
     */
    static List<ParsedCertificate> certificates(String builtin, String text) throws BuiltinException {
        if (text.startsWith("-----BEGIN")) {
            return fromPem(builtin, text);
        }
        byte[] decoded = Encoding.goBase64(builtin, text);
        String asText = latin1(decoded);
        if (asText.startsWith("-----BEGIN")) {
            return fromPem(builtin, asText);
        }
        return fromDer(builtin, decoded);
    }

    private static List<ParsedCertificate> fromPem(String builtin, String text) throws BuiltinException {
        java.io.ByteArrayOutputStream der = new java.io.ByteArrayOutputStream();
        String rest = text;
        Pem block;
        while (!rest.isEmpty() && (block = Pem.decode(rest)) != null) {
            if (!block.type().equals("CERTIFICATE")) {
                throw BuiltinException.failed(
                        builtin, "PEM block type is '" + block.type() + "', expected CERTIFICATE");
            }
            der.writeBytes(block.bytes());
            rest = block.rest();
        }
        return fromDer(builtin, der.toByteArray());
    }

    /** Go's {@code x509.ParseCertificates}: DER certificates back to back. */
    private static List<ParsedCertificate> fromDer(String builtin, byte[] der) throws BuiltinException {
        List<ParsedCertificate> out = new ArrayList<>();
        ByteArrayInputStream in = new ByteArrayInputStream(der);
        try (ASN1InputStream asn1 = new ASN1InputStream(in, der.length)) {
            while (in.available() > 0) {
                int start = der.length - in.available();
                ASN1Primitive obj = asn1.readObject();
                int end = der.length - in.available();
                byte[] raw = java.util.Arrays.copyOfRange(der, start, end);
                Certificate asn1Cert = Certificate.getInstance(obj);
                X509Certificate jca = (X509Certificate)
                        CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(raw));
                out.add(new ParsedCertificate(raw, asn1Cert, jca));
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw BuiltinException.failed(builtin, "x509: malformed certificate");
        }
        return out;
    }

    private static Value parseAndVerify(
            String builtin, String text, @Nullable ObjectValue options, boolean uriStrings, BuiltinContext ctx)
            throws BuiltinException {
        Value invalid = ArrayValue.of(BooleanValue.FALSE, ArrayValue.EMPTY);
        List<ParsedCertificate> certs;
        try {
            certs = certificates(builtin, text);
        } catch (BuiltinException e) {
            // A chain that does not parse is an invalid chain, not an error.
            return invalid;
        }
        VerifyOptions opts = options == null ? new VerifyOptions("", null, List.of()) : verifyOptions(builtin, options);
        List<ParsedCertificate> chain = verify(certs, opts, ctx);
        if (chain == null) {
            return invalid;
        }
        List<Value> out = new ArrayList<>();
        for (ParsedCertificate c : chain) {
            out.add(X509Json.certificate(c, uriStrings));
        }
        return ArrayValue.of(BooleanValue.TRUE, ArrayValue.of(out));
    }

    private static VerifyOptions verifyOptions(String builtin, ObjectValue options) throws BuiltinException {
        String dnsName = "";
        Date currentTime = null;
        List<Integer> usages = new ArrayList<>();
        for (int i = 0; i < options.size(); i++) {
            if (!(options.keyAt(i) instanceof StringValue key)) {
                continue;
            }
            Value v = options.valueAt(i);
            switch (key.value()) {
                case "DNSName" -> {
                    if (!(v instanceof StringValue s)) {
                        throw BuiltinException.failed(builtin, "'DNSName' should be a string");
                    }
                    dnsName = s.value();
                }
                case "CurrentTime" -> {
                    if (!(v instanceof NumberValue n)) {
                        throw BuiltinException.failed(builtin, "'CurrentTime' should be a number");
                    }
                    if (!n.isLong()) {
                        throw BuiltinException.failed(builtin, "'CurrentTime' should be a valid int64 number");
                    }
                    currentTime = new Date(Math.floorDiv(n.longValue(), 1_000_000L));
                }
                case "MaxConstraintComparisons" -> {
                    // A CPU bound for Go's name-constraint check; the JDK's check has no such knob.
                    if (!(v instanceof NumberValue n)) {
                        throw BuiltinException.failed(builtin, "'MaxConstraintComparisons' should be a number");
                    }
                    if (n.intValueExact() == null) {
                        throw BuiltinException.failed(builtin, "'MaxConstraintComparisons' should be a valid number");
                    }
                }
                case "KeyUsages" -> {
                    if (!(v instanceof ArrayValue || v instanceof SetValue)) {
                        throw BuiltinException.failed(builtin, "'KeyUsages' should be an Array or Set");
                    }
                    List<String> invalid = new ArrayList<>();
                    for (Value u : Operands.elements(v)) {
                        if (u instanceof StringValue s) {
                            Integer known = KEY_USAGE_OPTIONS.get(s.value());
                            if (known != null) {
                                usages.add(known);
                            } else {
                                invalid.add(s.value());
                            }
                        }
                    }
                    if (!invalid.isEmpty()) {
                        throw BuiltinException.failed(
                                builtin, "invalid entries for 'KeyUsages' found: [" + String.join(" ", invalid) + "]");
                    }
                }
                default -> throw BuiltinException.failed(builtin, "invalid key option");
            }
        }
        return new VerifyOptions(dnsName, currentTime, usages);
    }

    /**
     * The verified chain, leaf first, or null. As OPA arranges it: the first certificate is the
     * root, the last the leaf, those between are intermediates; at least two are needed.
     */
    private static @Nullable List<ParsedCertificate> verify(
            List<ParsedCertificate> certs, VerifyOptions opts, BuiltinContext ctx) {
        if (certs.size() < 2) {
            return null;
        }
        ParsedCertificate root = certs.get(0);
        ParsedCertificate leaf = certs.get(certs.size() - 1);
        List<X509Certificate> pool = new ArrayList<>();
        for (ParsedCertificate c : certs.subList(1, certs.size())) {
            pool.add(c.jca());
        }
        List<ParsedCertificate> chain = new ArrayList<>();
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(leaf.jca());
            PKIXBuilderParameters params = new PKIXBuilderParameters(Set.of(new TrustAnchor(root.jca(), null)), target);
            params.setRevocationEnabled(false);
            params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(pool)));
            params.setDate(opts.currentTime() != null ? opts.currentTime() : new Date(ctx.nowNanos() / 1_000_000L));
            PKIXCertPathBuilderResult result = (PKIXCertPathBuilderResult)
                    CertPathBuilder.getInstance("PKIX").build(params);
            for (java.security.cert.Certificate c : result.getCertPath().getCertificates()) {
                chain.add(find(certs, (X509Certificate) c));
            }
        } catch (GeneralSecurityException e) {
            return null;
        }
        chain.add(root);
        if (!extKeyUsageAllowed(chain, opts.keyUsages()) || !hostnameMatches(leaf.jca(), opts.dnsName())) {
            return null;
        }
        return chain;
    }

    private static ParsedCertificate find(List<ParsedCertificate> certs, X509Certificate c) {
        for (ParsedCertificate p : certs) {
            if (p.jca().equals(c)) {
                return p;
            }
        }
        throw new IllegalStateException("the PKIX builder returned a certificate it was not given");
    }

    /**
     * Go's rule: each requested usage must be allowed by every certificate in the chain that
     * restricts usages at all; server authentication is requested when nothing is.
     */
    private static boolean extKeyUsageAllowed(List<ParsedCertificate> chain, List<Integer> requested) {
        Set<Integer> remaining = new HashSet<>(requested.isEmpty() ? List.of(EXT_KEY_USAGE_SERVER_AUTH) : requested);
        if (remaining.contains(EXT_KEY_USAGE_ANY)) {
            return true;
        }
        for (ParsedCertificate c : chain) {
            List<String> ekus;
            try {
                ekus = c.jca().getExtendedKeyUsage();
            } catch (java.security.cert.CertificateParsingException e) {
                return false;
            }
            if (ekus == null || ekus.isEmpty()) {
                continue;
            }
            Set<Integer> allowed = new HashSet<>();
            for (String oid : ekus) {
                Integer known = X509Json.EXT_KEY_USAGES.get(oid);
                if (known != null) {
                    allowed.add(known);
                }
            }
            if (allowed.contains(EXT_KEY_USAGE_ANY)) {
                continue;
            }
            remaining.retainAll(allowed);
            if (remaining.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** Go's {@code VerifyHostname}: SAN DNS names (leftmost-label wildcards) or SAN IPs; no CN. */
    private static boolean hostnameMatches(X509Certificate leaf, String host) {
        if (host.isEmpty()) {
            return true;
        }
        String candidate = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        java.util.Collection<List<?>> sans;
        try {
            sans = leaf.getSubjectAlternativeNames();
        } catch (java.security.cert.CertificateParsingException e) {
            return false;
        }
        if (sans == null) {
            return false;
        }
        byte[] ip = ipLiteral(candidate);
        String wanted = stripDot(candidate.toLowerCase(Locale.ROOT));
        for (List<?> san : sans) {
            int kind = (Integer) san.get(0);
            String value = String.valueOf(san.get(1));
            if (ip != null && kind == 7 && java.util.Arrays.equals(ip, ipLiteral(value))) {
                return true;
            }
            if (ip == null && kind == 2 && dnsMatches(stripDot(value.toLowerCase(Locale.ROOT)), wanted)) {
                return true;
            }
        }
        return false;
    }

    /** The address of an IP literal in Go's forms, or null for a host name. */
    private static byte @Nullable [] ipLiteral(String s) {
        return Net.parseIp(s);
    }

    private static boolean dnsMatches(String pattern, String host) {
        String[] p = pattern.split("\\.", -1);
        String[] h = host.split("\\.", -1);
        if (p.length != h.length) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (!(i == 0 && p[i].equals("*")) && !p[i].equals(h[i])) {
                return false;
            }
        }
        return true;
    }

    private static String stripDot(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    /** OPA's {@code parse_certificate_request}: PEM, or base64 of PEM or DER. */
    private static Value certificateRequest(String text) throws BuiltinException {
        String name = "crypto.x509.parse_certificate_request";
        byte[] bytes = text.startsWith("-----BEGIN CERTIFICATE REQUEST-----")
                ? text.getBytes(StandardCharsets.UTF_8)
                : Encoding.goBase64(name, text);
        Pem block = Pem.decode(latin1(bytes));
        if (block != null && !block.type().equals("CERTIFICATE REQUEST")) {
            throw BuiltinException.failed(name, "invalid PEM-encoded certificate signing request");
        }
        if (block != null) {
            bytes = block.bytes();
        }
        CertificationRequest csr;
        java.security.PublicKey key;
        try {
            csr = CertificationRequest.getInstance(ASN1Primitive.fromByteArray(bytes));
            key = new org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest(csr.getEncoded()).getPublicKey();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw BuiltinException.failed(name, "asn1: structure error: " + e.getMessage());
        }
        return X509Json.certificateRequest(csr, key);
    }

    /** Go's {@code tls.X509KeyPair}, after OPA turns base64 and bare DER into PEM. */
    private static Value keyPair(String certText, String keyText) throws BuiltinException {
        String name = "crypto.x509.parse_keypair";
        String certPem = certText.startsWith("-----BEGIN ") ? certText : latin1(Encoding.goBase64(name, certText));
        String keyPem = keyText.startsWith("-----BEGIN ") ? keyText : latin1(Encoding.goBase64(name, keyText));
        if (!certPem.startsWith("-----BEGIN ")) {
            certPem = pem("CERTIFICATE", certPem);
        }
        if (!keyPem.startsWith("-----BEGIN")) {
            keyPem = pem("PRIVATE KEY", keyPem);
        }
        List<byte[]> ders = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Pem b = Pem.decode(certPem); b != null; b = b.rest().isEmpty() ? null : Pem.decode(b.rest())) {
            if (b.type().equals("CERTIFICATE")) {
                ders.add(b.bytes());
            } else {
                skipped.add(b.type());
            }
        }
        if (ders.isEmpty()) {
            if (skipped.isEmpty()) {
                throw BuiltinException.failed(name, "tls: failed to find any PEM data in certificate input");
            }
            if (skipped.size() == 1 && skipped.get(0).endsWith("PRIVATE KEY")) {
                throw BuiltinException.failed(
                        name,
                        "tls: failed to find certificate PEM data in certificate input, but did find a private key;"
                                + " PEM inputs may have been switched");
            }
            throw BuiltinException.failed(
                    name,
                    "tls: failed to find \"CERTIFICATE\" PEM block in certificate input after skipping PEM blocks"
                            + " of the following types: [" + String.join(" ", skipped) + "]");
        }
        skipped.clear();
        Pem keyBlock = null;
        for (Pem b = Pem.decode(keyPem); b != null; b = b.rest().isEmpty() ? null : Pem.decode(b.rest())) {
            if (b.type().equals("PRIVATE KEY") || b.type().endsWith(" PRIVATE KEY")) {
                keyBlock = b;
                break;
            }
            skipped.add(b.type());
        }
        if (keyBlock == null) {
            if (skipped.isEmpty()) {
                throw BuiltinException.failed(name, "tls: failed to find any PEM data in key input");
            }
            if (skipped.size() == 1 && skipped.get(0).equals("CERTIFICATE")) {
                throw BuiltinException.failed(
                        name, "tls: found a certificate rather than a key in the PEM for the private key");
            }
            throw BuiltinException.failed(
                    name,
                    "tls: failed to find PEM block with type ending in \"PRIVATE KEY\" in key input after skipping"
                            + " PEM blocks of the following types: [" + String.join(" ", skipped) + "]");
        }
        ParsedCertificate leaf = fromDer(name, ders.get(0)).get(0);
        PrivateKeys.KeyPair key = PrivateKeys.parseAnyFormat(name, keyBlock.bytes());
        java.security.PublicKey certKey = leaf.jca().getPublicKey();
        if (!certKey.getAlgorithm().equals(key.publicKey().getAlgorithm())) {
            throw BuiltinException.failed(name, "tls: private key type does not match public key type");
        }
        if (!java.util.Arrays.equals(certKey.getEncoded(), key.publicKey().getEncoded())) {
            throw BuiltinException.failed(name, "tls: private key does not match public key");
        }
        List<Value> certificates = new ArrayList<>();
        for (byte[] der : ders) {
            certificates.add(X509Json.bytes(der));
        }
        return ObjectValue.builder()
                .put("Certificate", ArrayValue.of(certificates))
                .put("PrivateKey", X509Json.privateKey(key.privateKey(), key.publicKey()))
                .put("SupportedSignatureAlgorithms", NullValue.NULL)
                .put("OCSPStaple", NullValue.NULL)
                .put("SignedCertificateTimestamps", NullValue.NULL)
                .put("Leaf", X509Json.certificate(leaf, false))
                .build();
    }

    private static String pem(String type, String derLatin1) {
        String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(derLatin1.getBytes(StandardCharsets.ISO_8859_1));
        return "-----BEGIN " + type + "-----\n" + b64 + "\n-----END " + type + "-----\n";
    }

    /** Bytes as a string of one char per byte: PEM is ASCII, and binary DER must survive the trip. */
    static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
