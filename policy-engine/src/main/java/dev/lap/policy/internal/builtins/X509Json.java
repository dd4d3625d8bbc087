package dev.lap.policy.internal.builtins;

import dev.lap.policy.value.ArrayValue;
import dev.lap.policy.value.BooleanValue;
import dev.lap.policy.value.NullValue;
import dev.lap.policy.value.NumberValue;
import dev.lap.policy.value.ObjectValue;
import dev.lap.policy.value.StringValue;
import dev.lap.policy.value.Value;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.X509ObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.jspecify.annotations.Nullable;

/**
 * Certificates, certificate requests and private keys as OPA returns them: Go's {@code
 * crypto/x509} structs marshalled by {@code encoding/json}. So fields carry Go's names, byte
 * slices are standard base64, enums are Go's integers, absent slices are {@code null} and times
 * are RFC 3339.
 *
 * <p>Covered: every field Go fills from the certificate's own data except the name-constraint
 * lists and the policy-constraint counters, which are emitted as Go's zero values.
 */
final class X509Json {
    private X509Json() {}

    private static final DateTimeFormatter RFC3339 =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX").withZone(ZoneOffset.UTC);

    /** Go's {@code x509.SignatureAlgorithm} numbers, by signature OID. */
    private static final Map<String, Integer> SIGNATURE_ALGORITHMS = Map.ofEntries(
            Map.entry("1.2.840.113549.1.1.2", 1),
            Map.entry("1.2.840.113549.1.1.4", 2),
            Map.entry("1.2.840.113549.1.1.5", 3),
            Map.entry("1.2.840.113549.1.1.11", 4),
            Map.entry("1.2.840.113549.1.1.12", 5),
            Map.entry("1.2.840.113549.1.1.13", 6),
            Map.entry("1.2.840.10040.4.3", 7),
            Map.entry("2.16.840.1.101.3.4.3.2", 8),
            Map.entry("1.2.840.10045.4.1", 9),
            Map.entry("1.2.840.10045.4.3.2", 10),
            Map.entry("1.2.840.10045.4.3.3", 11),
            Map.entry("1.2.840.10045.4.3.4", 12),
            Map.entry("1.3.101.112", 16));

    /** Go's {@code x509.ExtKeyUsage} numbers, by key purpose OID. */
    static final Map<String, Integer> EXT_KEY_USAGES = Map.ofEntries(
            Map.entry("2.5.29.37.0", 0),
            Map.entry("1.3.6.1.5.5.7.3.1", 1),
            Map.entry("1.3.6.1.5.5.7.3.2", 2),
            Map.entry("1.3.6.1.5.5.7.3.3", 3),
            Map.entry("1.3.6.1.5.5.7.3.4", 4),
            Map.entry("1.3.6.1.5.5.7.3.5", 5),
            Map.entry("1.3.6.1.5.5.7.3.6", 6),
            Map.entry("1.3.6.1.5.5.7.3.7", 7),
            Map.entry("1.3.6.1.5.5.7.3.8", 8),
            Map.entry("1.3.6.1.5.5.7.3.9", 9),
            Map.entry("1.3.6.1.4.1.311.10.3.3", 10),
            Map.entry("2.16.840.1.113730.4.1", 11),
            Map.entry("1.3.6.1.4.1.311.2.1.22", 12),
            Map.entry("1.3.6.1.4.1.311.61.1.1", 13));

    /** Go's {@code pkix.Name} fields, by attribute OID. */
    private static final Map<String, String> NAME_FIELDS = Map.of(
            "2.5.4.6", "Country",
            "2.5.4.10", "Organization",
            "2.5.4.11", "OrganizationalUnit",
            "2.5.4.7", "Locality",
            "2.5.4.8", "Province",
            "2.5.4.9", "StreetAddress",
            "2.5.4.17", "PostalCode");

    /**
     * A certificate as Go's {@code x509.Certificate}; with {@code uriStrings}, also OPA's {@code
     * URIStrings}, the SAN URIs as text (Go marshals {@code url.URL} as a struct).
     */
    static ObjectValue certificate(X509.ParsedCertificate parsed, boolean uriStrings) {
        Certificate cert = parsed.asn1();
        java.security.PublicKey key = parsed.jca().getPublicKey();
        ObjectValue.Builder o = ObjectValue.builder();
        o.put("Raw", bytes(parsed.raw()));
        o.put("RawTBSCertificate", bytes(der(cert.getTBSCertificate())));
        o.put("RawSubjectPublicKeyInfo", bytes(der(cert.getSubjectPublicKeyInfo())));
        o.put("RawSubject", bytes(der(cert.getSubject())));
        o.put("RawIssuer", bytes(der(cert.getIssuer())));
        o.put("Signature", bytes(cert.getSignature().getOctets()));
        o.put("SignatureAlgorithm", NumberValue.of(signatureAlgorithm(cert.getSignatureAlgorithm())));
        putPublicKey(o, cert.getSubjectPublicKeyInfo(), key);
        o.put("Version", NumberValue.of(cert.getVersionNumber()));
        o.put("SerialNumber", NumberValue.of(cert.getSerialNumber().getValue()));
        o.put("Issuer", name(cert.getIssuer()));
        o.put("Subject", name(cert.getSubject()));
        o.put("NotBefore", time(cert.getStartDate().getDate().toInstant()));
        o.put("NotAfter", time(cert.getEndDate().getDate().toInstant()));

        Extensions ext = cert.getTBSCertificate().getExtensions();
        KeyUsage ku = ext == null ? null : KeyUsage.fromExtensions(ext);
        o.put("KeyUsage", NumberValue.of(ku == null ? 0 : goKeyUsage(ku)));
        o.put("Extensions", extensions(ext));
        o.put("ExtraExtensions", NullValue.NULL);
        o.put("UnhandledCriticalExtensions", NullValue.NULL);

        List<Value> usages = new ArrayList<>();
        List<Value> unknownUsages = new ArrayList<>();
        ExtendedKeyUsage eku = ext == null ? null : ExtendedKeyUsage.fromExtensions(ext);
        if (eku != null) {
            for (KeyPurposeId id : eku.getUsages()) {
                Integer known = EXT_KEY_USAGES.get(id.getId());
                if (known != null) {
                    usages.add(NumberValue.of(known));
                } else {
                    unknownUsages.add(oid(id.toOID()));
                }
            }
        }
        o.put("ExtKeyUsage", listOrNull(usages));
        o.put("UnknownExtKeyUsage", listOrNull(unknownUsages));

        BasicConstraints bc = ext == null ? null : BasicConstraints.fromExtensions(ext);
        BigInteger pathLen = bc == null ? null : bc.getPathLenConstraint();
        o.put("BasicConstraintsValid", BooleanValue.of(bc != null));
        o.put("IsCA", BooleanValue.of(bc != null && bc.isCA()));
        // Go's MaxPathLen is -1 for "no limit" when the extension is present, 0 when it is absent.
        o.put("MaxPathLen", NumberValue.of(bc == null ? 0 : pathLen == null ? -1 : pathLen.longValue()));
        o.put("MaxPathLenZero", BooleanValue.of(pathLen != null && pathLen.signum() == 0));

        SubjectKeyIdentifier ski = ext == null ? null : SubjectKeyIdentifier.fromExtensions(ext);
        o.put("SubjectKeyId", ski == null ? NullValue.NULL : bytes(ski.getKeyIdentifier()));
        AuthorityKeyIdentifier aki = ext == null ? null : AuthorityKeyIdentifier.fromExtensions(ext);
        o.put(
                "AuthorityKeyId",
                aki == null || aki.getKeyIdentifierObject() == null ? NullValue.NULL : bytes(aki.getKeyIdentifier()));

        List<Value> ocsp = new ArrayList<>();
        List<Value> issuers = new ArrayList<>();
        AuthorityInformationAccess aia = ext == null ? null : AuthorityInformationAccess.fromExtensions(ext);
        if (aia != null) {
            for (AccessDescription d : aia.getAccessDescriptions()) {
                GeneralName loc = d.getAccessLocation();
                if (loc.getTagNo() != GeneralName.uniformResourceIdentifier) {
                    continue;
                }
                String uri = ((ASN1String) loc.getName()).getString();
                if (d.getAccessMethod().equals(X509ObjectIdentifiers.id_ad_ocsp)) {
                    ocsp.add(StringValue.of(uri));
                } else if (d.getAccessMethod().equals(X509ObjectIdentifiers.id_ad_caIssuers)) {
                    issuers.add(StringValue.of(uri));
                }
            }
        }
        o.put("OCSPServer", listOrNull(ocsp));
        o.put("IssuingCertificateURL", listOrNull(issuers));

        SubjectAltNames san = SubjectAltNames.of(ext);
        san.putInto(o);

        o.put("PermittedDNSDomainsCritical", BooleanValue.FALSE);
        for (String field : List.of(
                "PermittedDNSDomains",
                "ExcludedDNSDomains",
                "PermittedIPRanges",
                "ExcludedIPRanges",
                "PermittedEmailAddresses",
                "ExcludedEmailAddresses",
                "PermittedURIDomains",
                "ExcludedURIDomains")) {
            o.put(field, NullValue.NULL);
        }

        List<Value> crls = new ArrayList<>();
        CRLDistPoint cdp = ext == null ? null : CRLDistPoint.fromExtensions(ext);
        if (cdp != null) {
            for (DistributionPoint dp : cdp.getDistributionPoints()) {
                DistributionPointName n = dp.getDistributionPoint();
                if (n == null || n.getType() != DistributionPointName.FULL_NAME) {
                    continue;
                }
                for (GeneralName g : GeneralNames.getInstance(n.getName()).getNames()) {
                    if (g.getTagNo() == GeneralName.uniformResourceIdentifier) {
                        crls.add(StringValue.of(((ASN1String) g.getName()).getString()));
                    }
                }
            }
        }
        o.put("CRLDistributionPoints", listOrNull(crls));

        List<Value> policyIds = new ArrayList<>();
        List<Value> policies = new ArrayList<>();
        CertificatePolicies cp = ext == null ? null : CertificatePolicies.fromExtensions(ext);
        if (cp != null) {
            for (PolicyInformation pi : cp.getPolicyInformation()) {
                policyIds.add(oid(pi.getPolicyIdentifier()));
                policies.add(StringValue.of(pi.getPolicyIdentifier().getId()));
            }
        }
        o.put("PolicyIdentifiers", listOrNull(policyIds));
        o.put("Policies", listOrNull(policies));
        if (uriStrings) {
            o.put("URIStrings", san.uriStrings());
        }
        return o.build();
    }

    /** A certificate signing request as Go's {@code x509.CertificateRequest}. */
    static ObjectValue certificateRequest(CertificationRequest csr, java.security.@Nullable PublicKey key) {
        ObjectValue.Builder o = ObjectValue.builder();
        var info = csr.getCertificationRequestInfo();
        o.put("Raw", bytes(der(csr)));
        o.put("RawTBSCertificateRequest", bytes(der(info)));
        o.put("RawSubjectPublicKeyInfo", bytes(der(info.getSubjectPublicKeyInfo())));
        o.put("RawSubject", bytes(der(info.getSubject())));
        o.put("Version", NumberValue.of(info.getVersion().getValue()));
        o.put("Signature", bytes(csr.getSignature().getOctets()));
        o.put("SignatureAlgorithm", NumberValue.of(signatureAlgorithm(csr.getSignatureAlgorithm())));
        putPublicKey(o, info.getSubjectPublicKeyInfo(), key);
        o.put("Subject", name(info.getSubject()));
        Extensions ext = null;
        List<Value> attributes = new ArrayList<>();
        for (ASN1Encodable a : info.getAttributes()) {
            Attribute attr = Attribute.getInstance(a);
            if (attr.getAttrType().equals(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
                ext = Extensions.getInstance(attr.getAttrValues().getObjectAt(0));
            }
        }
        // Go's deprecated Attributes field only decodes extension requests; OPA shows what it shows.
        o.put("Attributes", listOrNull(attributes));
        o.put("Extensions", extensions(ext));
        o.put("ExtraExtensions", NullValue.NULL);
        SubjectAltNames.of(ext).putInto(o);
        return o.build();
    }

    /** A private key as Go's {@code encoding/json} writes {@code *rsa.PrivateKey}, {@code *ecdsa.PrivateKey} or {@code ed25519.PrivateKey}. */
    static Value privateKey(java.security.PrivateKey key, java.security.@Nullable PublicKey pub) {
        return switch (key) {
            case RSAPrivateCrtKey k ->
                ObjectValue.builder()
                        .put("N", NumberValue.of(k.getModulus()))
                        .put("E", NumberValue.of(k.getPublicExponent()))
                        .put("D", NumberValue.of(k.getPrivateExponent()))
                        .put("Primes", ArrayValue.of(NumberValue.of(k.getPrimeP()), NumberValue.of(k.getPrimeQ())))
                        .put(
                                "Precomputed",
                                ObjectValue.builder()
                                        .put("Dp", NumberValue.of(k.getPrimeExponentP()))
                                        .put("Dq", NumberValue.of(k.getPrimeExponentQ()))
                                        .put("Qinv", NumberValue.of(k.getCrtCoefficient()))
                                        .put("CRTValues", ArrayValue.EMPTY)
                                        .build())
                        .build();
            case ECPrivateKey k -> {
                ObjectValue.Builder o = ObjectValue.builder().put("Curve", ObjectValue.EMPTY);
                if (pub instanceof ECPublicKey p) {
                    o.put("X", NumberValue.of(p.getW().getAffineX()));
                    o.put("Y", NumberValue.of(p.getW().getAffineY()));
                }
                yield o.put("D", NumberValue.of(k.getS())).build();
            }
            case EdECPrivateKey k -> {
                // ed25519.PrivateKey is the 32-byte seed followed by the 32-byte public key.
                byte[] seed = k.getBytes().orElse(new byte[0]);
                byte[] pubBytes = pub == null ? new byte[0] : ed25519PublicBytes(pub);
                byte[] all = Arrays.copyOf(seed, seed.length + pubBytes.length);
                System.arraycopy(pubBytes, 0, all, seed.length, pubBytes.length);
                yield bytes(all);
            }
            default -> NullValue.NULL;
        };
    }

    private static void putPublicKey(
            ObjectValue.Builder o, SubjectPublicKeyInfo spki, java.security.@Nullable PublicKey key) {
        ASN1ObjectIdentifier alg = spki.getAlgorithm().getAlgorithm();
        int goAlg;
        if (alg.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            goAlg = 1;
        } else if (alg.equals(X9ObjectIdentifiers.id_dsa)) {
            goAlg = 2;
        } else if (alg.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            goAlg = 3;
        } else if (alg.equals(EdECObjectIdentifiers.id_Ed25519)) {
            goAlg = 4;
        } else {
            goAlg = 0;
        }
        o.put("PublicKeyAlgorithm", NumberValue.of(goAlg));
        Value pub = switch (key) {
            case RSAPublicKey k ->
                ObjectValue.builder()
                        .put("N", NumberValue.of(k.getModulus()))
                        .put("E", NumberValue.of(k.getPublicExponent()))
                        .build();
            case ECPublicKey k ->
                ObjectValue.builder()
                        .put("Curve", ObjectValue.EMPTY)
                        .put("X", NumberValue.of(k.getW().getAffineX()))
                        .put("Y", NumberValue.of(k.getW().getAffineY()))
                        .build();
            case EdECPublicKey k -> bytes(ed25519PublicBytes(k));
            case null, default -> NullValue.NULL;
        };
        o.put("PublicKey", pub);
    }

    private static byte[] ed25519PublicBytes(java.security.PublicKey key) {
        return SubjectPublicKeyInfo.getInstance(key.getEncoded())
                .getPublicKeyData()
                .getOctets();
    }

    /** Go's {@code pkix.Name}: the common attributes as lists, CommonName and SerialNumber as strings, every attribute in Names. */
    static ObjectValue name(X500Name name) {
        Map<String, List<Value>> lists = new java.util.LinkedHashMap<>();
        for (String field : List.of(
                "Country",
                "Organization",
                "OrganizationalUnit",
                "Locality",
                "Province",
                "StreetAddress",
                "PostalCode")) {
            lists.put(field, new ArrayList<>());
        }
        String serial = "";
        String commonName = "";
        List<Value> names = new ArrayList<>();
        for (RDN rdn : name.getRDNs()) {
            for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
                String oid = atv.getType().getId();
                Value value = atv.getValue() instanceof ASN1String s ? StringValue.of(s.getString()) : NullValue.NULL;
                names.add(ObjectValue.builder()
                        .put("Type", oid(atv.getType()))
                        .put("Value", value)
                        .build());
                if (!(value instanceof StringValue s)) {
                    continue;
                }
                String field = NAME_FIELDS.get(oid);
                if (field != null) {
                    lists.get(field).add(s);
                } else if (oid.equals("2.5.4.3")) {
                    commonName = s.value();
                } else if (oid.equals("2.5.4.5")) {
                    serial = s.value();
                }
            }
        }
        ObjectValue.Builder o = ObjectValue.builder();
        lists.forEach((field, values) -> o.put(field, listOrNull(values)));
        o.put("SerialNumber", StringValue.of(serial));
        o.put("CommonName", StringValue.of(commonName));
        o.put("Names", listOrNull(names));
        o.put("ExtraNames", NullValue.NULL);
        return o.build();
    }

    /** The subject alternative names Go sorts into DNSNames, EmailAddresses, IPAddresses and URIs. */
    private record SubjectAltNames(List<Value> dns, List<Value> emails, List<Value> ips, List<String> uris) {
        static SubjectAltNames of(@Nullable Extensions ext) {
            SubjectAltNames san =
                    new SubjectAltNames(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            GeneralNames names =
                    ext == null ? null : GeneralNames.fromExtensions(ext, Extension.subjectAlternativeName);
            if (names == null) {
                return san;
            }
            for (GeneralName g : names.getNames()) {
                switch (g.getTagNo()) {
                    case GeneralName.dNSName -> san.dns.add(StringValue.of(((ASN1String) g.getName()).getString()));
                    case GeneralName.rfc822Name ->
                        san.emails.add(StringValue.of(((ASN1String) g.getName()).getString()));
                    case GeneralName.uniformResourceIdentifier -> san.uris.add(((ASN1String) g.getName()).getString());
                    case GeneralName.iPAddress -> {
                        byte[] raw = org.bouncycastle.asn1.ASN1OctetString.getInstance(g.getName())
                                .getOctets();
                        try {
                            san.ips.add(
                                    StringValue.of(InetAddress.getByAddress(raw).getHostAddress()));
                        } catch (UnknownHostException e) {
                            // Not 4 or 16 bytes: Go refuses such a certificate; show nothing for it.
                        }
                    }
                    default -> {}
                }
            }
            return san;
        }

        void putInto(ObjectValue.Builder o) {
            o.put("DNSNames", listOrNull(dns));
            o.put("EmailAddresses", listOrNull(emails));
            o.put("IPAddresses", listOrNull(ips));
            List<Value> urls = new ArrayList<>();
            for (String uri : uris) {
                urls.add(url(uri));
            }
            o.put("URIs", listOrNull(urls));
        }

        Value uriStrings() {
            List<Value> out = new ArrayList<>();
            for (String uri : uris) {
                out.add(StringValue.of(uri));
            }
            return listOrNull(out);
        }

        /** Go's {@code url.URL} struct as JSON, from the same parser {@code uri.parse} uses. */
        private static Value url(String uri) {
            try {
                GoUrl u = GoUrl.parse(uri);
                return ObjectValue.builder()
                        .put("Scheme", StringValue.of(u.scheme()))
                        .put("Opaque", StringValue.of(u.opaque()))
                        .put("User", NullValue.NULL)
                        .put("Host", StringValue.of(u.host()))
                        .put("Path", StringValue.of(u.path()))
                        .put("RawPath", StringValue.of(u.rawPath()))
                        .put("OmitHost", BooleanValue.FALSE)
                        .put("ForceQuery", BooleanValue.FALSE)
                        .put("RawQuery", StringValue.of(u.rawQuery()))
                        .put("Fragment", StringValue.of(u.fragment()))
                        .put("RawFragment", StringValue.of(""))
                        .build();
            } catch (GoUrl.UrlException e) {
                return NullValue.NULL;
            }
        }
    }

    private static Value extensions(@Nullable Extensions ext) {
        if (ext == null) {
            return NullValue.NULL;
        }
        List<Value> out = new ArrayList<>();
        for (ASN1ObjectIdentifier id : ext.getExtensionOIDs()) {
            Extension e = ext.getExtension(id);
            out.add(ObjectValue.builder()
                    .put("Id", oid(id))
                    .put("Critical", BooleanValue.of(e.isCritical()))
                    .put("Value", bytes(e.getExtnValue().getOctets()))
                    .build());
        }
        return listOrNull(out);
    }

    /** Go numbers KeyUsage bits from the low end, in the order of RFC 5280's bit string. */
    private static int goKeyUsage(KeyUsage ku) {
        int[] rfcBits = {
            KeyUsage.digitalSignature,
            KeyUsage.nonRepudiation,
            KeyUsage.keyEncipherment,
            KeyUsage.dataEncipherment,
            KeyUsage.keyAgreement,
            KeyUsage.keyCertSign,
            KeyUsage.cRLSign,
            KeyUsage.encipherOnly,
            KeyUsage.decipherOnly
        };
        int out = 0;
        for (int i = 0; i < rfcBits.length; i++) {
            if (ku.hasUsages(rfcBits[i])) {
                out |= 1 << i;
            }
        }
        return out;
    }

    private static int signatureAlgorithm(AlgorithmIdentifier alg) {
        String oid = alg.getAlgorithm().getId();
        if (oid.equals("1.2.840.113549.1.1.10")) {
            // RSASSA-PSS: Go tells the variants apart by the hash in the parameters.
            var params = org.bouncycastle.asn1.pkcs.RSASSAPSSparams.getInstance(alg.getParameters());
            return switch (params.getHashAlgorithm().getAlgorithm().getId()) {
                case "2.16.840.1.101.3.4.2.1" -> 13;
                case "2.16.840.1.101.3.4.2.2" -> 14;
                case "2.16.840.1.101.3.4.2.3" -> 15;
                default -> 0;
            };
        }
        return SIGNATURE_ALGORITHMS.getOrDefault(oid, 0);
    }

    /** An OID as Go's {@code asn1.ObjectIdentifier}: an array of its arcs. */
    private static ArrayValue oid(ASN1ObjectIdentifier id) {
        List<Value> arcs = new ArrayList<>();
        for (String arc : id.getId().split("\\.")) {
            arcs.add(NumberValue.of(new BigInteger(arc)));
        }
        return ArrayValue.of(arcs);
    }

    static StringValue bytes(byte[] b) {
        return StringValue.of(Base64.getEncoder().encodeToString(b));
    }

    static byte[] der(ASN1Encodable o) {
        try {
            return o.toASN1Primitive().getEncoded(ASN1Encoding.DER);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("DER encoding of a parsed structure failed", e);
        }
    }

    private static StringValue time(Instant t) {
        return StringValue.of(RFC3339.format(t));
    }

    /** Go marshals a nil slice as null, and x509 leaves a slice nil when there is nothing to put in it. */
    private static Value listOrNull(List<Value> values) {
        return values.isEmpty() ? NullValue.NULL : ArrayValue.of(values);
    }
}
