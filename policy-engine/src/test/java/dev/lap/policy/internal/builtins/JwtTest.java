package dev.lap.policy.internal.builtins;

import static dev.lap.policy.internal.builtins.BuiltinCalls.call;
import static dev.lap.policy.internal.builtins.BuiltinCalls.failure;
import static dev.lap.policy.internal.builtins.BuiltinCalls.json;
import static dev.lap.policy.internal.builtins.BuiltinCalls.str;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.X509CertUtils;
import dev.lap.policy.RegoError;
import dev.lap.policy.value.BooleanValue;
import dev.lap.policy.value.StringValue;
import dev.lap.policy.value.Value;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Expected values are from OPA's conformance cases (jwt* groups) unless a test says otherwise. */
class JwtTest {
    /** The self-signed RSA certificate of the jwtdecodeverify cases. */
    private static final String CERT =
            "-----BEGIN CERTIFICATE-----\n" + "MIIC/DCCAeSgAwIBAgIJAJRvYDU3ei3EMA0GCSqGSIb3DQEBCwUAMBMxETAPBgNV\n"
                    + "BAMMCHdoYXRldmVyMB4XDTE4MDgxMDEwMzgxNloXDTE4MDkwOTEwMzgxNlowEzER\n"
                    + "MA8GA1UEAwwId2hhdGV2ZXIwggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEKAoIB\n"
                    + "AQC4kCmzLMW/5jzkzkmN7Me8wPD+ymBUIjsGqliGfMrfFfDV2eTPVtZcYD3IXoB4\n"
                    + "AOUT7XJzWjOsBRFOcVKKEiCPjXiLcwLb/QWQ1x0Budft32r3+N0KQd1rgcRHTPNc\n"
                    + "JoeWCfOgDPp51RTzTT6HQuV4ud+CDhRJP7QMVMIgal9Nuzs49LLZaBPW8/rFsHjk\n"
                    + "JQ4kDujSrpcT6F2FZY3SmWsOJgP7RjVKk5BheYeFKav5ZV4p6iHn/TN4RVpvpNBh\n"
                    + "5z/XoHITJ6lpkHSDpbIaQUTpobU2um8N3biz+HsEAmD9Laa27WUpYSpiM6DDMSXl\n"
                    + "dBDJdumerVRJvXYCtfXqtl17AgMBAAGjUzBRMB0GA1UdDgQWBBRz74MkVzT2K52/\n"
                    + "FJC4mTa9coM/DTAfBgNVHSMEGDAWgBRz74MkVzT2K52/FJC4mTa9coM/DTAPBgNV\n"
                    + "HRMBAf8EBTADAQH/MA0GCSqGSIb3DQEBCwUAA4IBAQAD1ZE4IaIAetqGG+vt9oz1\n"
                    + "Ix0j4EPok0ONyhhmiSsF6rSv8zlNWweVf5y6Z+AoTNY1Fym0T7dbpbqIox0EdKV3\n"
                    + "FLzniWOjznupbnqfXwHX/g1UAZSyt3akSatVhvNpGlnd7efTIAiNinX/TkzIjhZ7\n"
                    + "ihMIZCGykT1P0ys1OaeEf57wAzviatD4pEMTIW0OOqY8bdRGhuJR1kKUZ/2Nm8Ln\n"
                    + "y7E0y8uODVbH9cAwGyzWB/QFc+bffNgi9uJaPQQc5Zxwpu9utlqyzFvXgV7MBYUK\n"
                    + "EYSLyxp4g4e5aujtLugaC8H6n9vP1mEBr/+T8HGynBZHNTKlDhhL9qDbpkkNB6/w\n"
                    + "-----END CERTIFICATE-----";

    private static final String HS256_TOKEN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
            + ".eyJ1c2VyIjoiYWxpY2UiLCJhenAiOiJhbGljZSIsInN1Ym9yZGluYXRlcyI6W10sImhyIjpmYWxzZX0"
            + ".rz3jTY033z-NrKfwrK89_dcLF7TN4gwCMj-fVBDyLoM";

    /** iss "xxx", exp 3000, RS256 under {@link #CERT}. */
    private static final String RS256_EXP_3000 = "eyJhbGciOiAiUlMyNTYiLCAidHlwIjogIkpXVCJ9"
            + ".eyJpc3MiOiAieHh4IiwgImV4cCI6IDMwMDB9"
            + ".hqDP3AzshNhUZMI02U3nLPrj93QFrgs-74XFrF1Vry2bplrz-NKpdVdfTu8iY_bhmkWf2Om5DdwRZj2ZgpGahtnshnHaRq0RyqF-m3Y7o"
            + "Nj6JL_YMwgxsFIIHtBlagBqDU-gZK99iqSOSGqVhvxqX6gCqFgE7vnEGHeeDedtRM53coAJuwzy8rQV9m3TewoofPdPasGv-dBLQZ3qgmn"
            + "ibkSgb7SmFpjXBy8zL3xJXOZhAHYlgcmcEoFVaWlBguIcWA87WZlpCLYcdYTJzSZweC3QLUhZ4RLJW84-LMKp6xWLLPrp3OgnsduB2G9PY"
            + "MmYw_qCkuY1KGwfH4PvCQbAzQ";

    private static final String OCT_KEY =
            "{\"kty\":\"oct\",\"k\":\"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow\"}";

    private static final String ED25519_KEY = "{\"kty\":\"OKP\",\"alg\":\"EdDSA\",\"crv\":\"Ed25519\","
            + "\"x\":\"wEZFfoAj1rFKTLOOmjJjVZlCHwksuvMb2I5y_hg70E8\",\"d\":\"9XI34uQzYUJfWhDZf_0nYsLMBRVu8a6dFsy60P8uugk\"}";

    @Test
    void decodeReturnsHeaderPayloadAndHexSignature() throws Exception {
        Value v = call(
                "io.jwt.decode",
                str("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIwIiwiaXNzIjoib3BhIn0"
                        + ".XmVoLoHI3pxMtMO_WRONMSJzGUDP9pDjy8Jp0_tdRXY"));
        assertThat(v)
                .isEqualTo(json("[{\"alg\":\"HS256\",\"typ\":\"JWT\"},{\"iss\":\"opa\",\"sub\":\"0\"},"
                        + "\"5e65682e81c8de9c4cb4c3bf59138d3122731940cff690e3cbc269d3fb5d4576\"]"));
    }

    @Test
    void decodeTakesTheLastOfDuplicateClaims() throws Exception {
        Value v = call(
                "io.jwt.decode",
                str("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
                        + ".eyJzdWIiOiAiMCIsImlzcyI6ICJub3Qgb3BhIiwgImlzcyI6ICJhbHNvIG5vdCBvcGEiLCAiaXNzIjogIm9wYSJ9"
                        + ".XmVoLoHI3pxMtMO_WRONMSJzGUDP9pDjy8Jp0_tdRXY"));
        assertThat(v)
                .isEqualTo(json("[{\"alg\":\"HS256\",\"typ\":\"JWT\"},{\"iss\":\"opa\",\"sub\":\"0\"},"
                        + "\"5e65682e81c8de9c4cb4c3bf59138d3122731940cff690e3cbc269d3fb5d4576\"]"));
    }

    @Test
    void decodeReportsMalformedTokensAsOpaDoes() {
        assertThat(failure("io.jwt.decode", str("abc")).getMessage())
                .isEqualTo("io.jwt.decode: encoded JWT had no period separators");
        assertThat(failure("io.jwt.decode", str("a.b")).getMessage())
                .isEqualTo("io.jwt.decode: encoded JWT must have 3 sections, found 2");
        BuiltinException e = failure(
                "io.jwt.decode", str("eyJhbGciOiJIU^%zI1NiI+sInR5cCI6IkpXVCJ9.eyJzdWIiOiIwIiwiaXNzIjoib3BhIn0.XmVo"));
        assertThat(e.code()).isEqualTo(RegoError.EVAL_BUILTIN);
        assertThat(e.getMessage())
                .isEqualTo("io.jwt.decode: JWT header had invalid encoding: illegal base64 data at input byte 13");
    }

    @Test
    void decodeRefusesJwe() {
        assertThat(failure("io.jwt.decode", str("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImVuYyI6ImJsYWgifQ.e30.McGU"))
                        .getMessage())
                .endsWith("JWT is a JWE object, which is not supported");
    }

    @Test
    void verifyHs256ChecksTheMacOverHeaderAndPayload() throws Exception {
        assertThat(call("io.jwt.verify_hs256", str(HS256_TOKEN), str("secret"))).isEqualTo(BooleanValue.TRUE);
        assertThat(call("io.jwt.verify_hs256", str(HS256_TOKEN), str("Secret"))).isEqualTo(BooleanValue.FALSE);
        assertThat(call("io.jwt.verify_hs384", str(HS256_TOKEN), str("secret"))).isEqualTo(BooleanValue.FALSE);
    }

    @Test
    void verifyRs256AcceptsACertificateAndRefusesOtherAlgorithmsAndKeyTypes() throws Exception {
        assertThat(call("io.jwt.verify_rs256", str(RS256_EXP_3000), str(CERT))).isEqualTo(BooleanValue.TRUE);
        // Same key, other algorithm: the builtin's algorithm is used, not the header's.
        assertThat(call("io.jwt.verify_ps256", str(RS256_EXP_3000), str(CERT))).isEqualTo(BooleanValue.FALSE);
        // An RSA key is never used for ECDSA or HMAC.
        assertThat(call("io.jwt.verify_es256", str(RS256_EXP_3000), str(CERT))).isEqualTo(BooleanValue.FALSE);
    }

    @Test
    void verifyEs256AcceptsAJwk() throws Exception {
        String token = "eyJ0eXAiOiAiSldUIiwgImFsZyI6ICJFUzI1NiJ9.eyJuYmYiOiAxNDQ0NDc4NDAwLCAiaXNzIjogInh4eCJ9"
                + ".lArczfN-pIL8oUU-7PU83u-zfXougXBZj6drFeKFsPEoVhy9WAyiZlRshYqjTSXdaw8yw2L-ovt4zTUZb2PWMg";
        String jwk = "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"z8J91ghFy5o6f2xZ4g8LsLH7u2wEpT2ntj8loahnlsE\","
                + "\"y\":\"7bdeXLH61KrGWRdh7ilnbcGQACxykaPKfmBccTHIOUo\"}";
        assertThat(call("io.jwt.verify_es256", str(token), str(jwk))).isEqualTo(BooleanValue.TRUE);
        assertThat(call("io.jwt.verify_es256", str(token.substring(0, token.length() - 2) + "Mw"), str(jwk)))
                .isEqualTo(BooleanValue.FALSE);
    }

    @Test
    void jwkSetKeysNamingAnotherAlgorithmAreSkipped() throws Exception {
        // Own test: the certificate's key as a JWK set; a key whose "alg" differs from the
        // token's header is not tried, one without "alg" or with the same one is.
        RSAKey key = RSAKey.parse(X509CertUtils.parse(CERT));
        String ps256Only =
                jwks(new RSAKey.Builder(key).algorithm(JWSAlgorithm.PS256).build());
        String rs256 =
                jwks(new RSAKey.Builder(key).algorithm(JWSAlgorithm.RS256).build());
        assertThat(call("io.jwt.verify_rs256", str(RS256_EXP_3000), str(ps256Only)))
                .isEqualTo(BooleanValue.FALSE);
        assertThat(call("io.jwt.verify_rs256", str(RS256_EXP_3000), str(rs256))).isEqualTo(BooleanValue.TRUE);
        assertThat(call("io.jwt.verify_rs256", str(RS256_EXP_3000), str(key.toJSONString())))
                .isEqualTo(BooleanValue.TRUE);
    }

    private static String jwks(RSAKey key) {
        return "{\"keys\":[" + key.toPublicJWK().toJSONString() + "]}";
    }

    @Test
    void badKeysAreErrorsWithOpasMessages() {
        String cert = CERT.replace("BEGIN CERTIFICATE", "BEGIN CERT").replace("END CERTIFICATE", "END CERT");
        assertThat(failure("io.jwt.verify_rs256", str(RS256_EXP_3000), str(cert))
                        .getMessage())
                .isEqualTo("io.jwt.verify_rs256: failed to extract a Key from the PEM certificate");
        assertThat(failure("io.jwt.verify_rs256", str(RS256_EXP_3000), str(CERT + "\nEXTRA"))
                        .getMessage())
                .isEqualTo("io.jwt.verify_rs256: extra data after a PEM certificate block");
        assertThat(failure("io.jwt.verify_rs256", str(RS256_EXP_3000), str("{\"kty\": 1}"))
                        .getMessage())
                .startsWith("io.jwt.verify_rs256: failed to parse a JWK key (set)");
    }

    @Test
    void decodeVerifyReturnsClaimsOfAValidToken() throws Exception {
        assertThat(call("io.jwt.decode_verify", str(HS256_TOKEN), json("{\"secret\":\"secret\"}")))
                .isEqualTo(json("[true,{\"alg\":\"HS256\",\"typ\":\"JWT\"},"
                        + "{\"azp\":\"alice\",\"hr\":false,\"subordinates\":[],\"user\":\"alice\"}]"));
        assertThat(call("io.jwt.decode_verify", str(HS256_TOKEN), json("{\"secret\":\"wrong\"}")))
                .isEqualTo(json("[false,{},{}]"));
    }

    @Test
    void decodeVerifyChecksExpAgainstTheConstraintTimeOrTheEvaluationClock() throws Exception {
        Value ok = json("[true,{\"alg\":\"RS256\",\"typ\":\"JWT\"},{\"exp\":3000,\"iss\":\"xxx\"}]");
        Value constraints = constraints("\"time\": 2999999999999");
        assertThat(call("io.jwt.decode_verify", str(RS256_EXP_3000), constraints))
                .isEqualTo(ok);
        assertThat(call("io.jwt.decode_verify", str(RS256_EXP_3000), constraints("\"time\": 3000000000000")))
                .isEqualTo(json("[false,{},{}]"));
        // Without a time constraint, the evaluation's fixed clock decides.
        assertThat(callAt(Instant.ofEpochSecond(2999), str(RS256_EXP_3000), constraints("\"iss\": \"xxx\"")))
                .isEqualTo(ok);
        assertThat(callAt(Instant.ofEpochSecond(3000), str(RS256_EXP_3000), constraints("\"iss\": \"xxx\"")))
                .isEqualTo(json("[false,{},{}]"));
    }

    @Test
    void decodeVerifyChecksIssuerAudienceAndAlgorithm() throws Exception {
        Value unverified = json("[false,{},{}]");
        assertThat(call("io.jwt.decode_verify", str(RS256_EXP_3000), constraints("\"time\": 0, \"iss\": \"yyy\"")))
                .isEqualTo(unverified);
        // The token has no aud, so an audience constraint cannot be met.
        assertThat(call("io.jwt.decode_verify", str(RS256_EXP_3000), constraints("\"time\": 0, \"aud\": \"bob\"")))
                .isEqualTo(unverified);
        assertThat(call("io.jwt.decode_verify", str(RS256_EXP_3000), constraints("\"time\": 0, \"alg\": \"PS256\"")))
                .isEqualTo(unverified);
        assertThat(call("io.jwt.decode_verify", str(RS256_EXP_3000), constraints("\"time\": 0, \"alg\": \"RS256\"")))
                .isEqualTo(json("[true,{\"alg\":\"RS256\",\"typ\":\"JWT\"},{\"exp\":3000,\"iss\":\"xxx\"}]"));
    }

    @Test
    void decodeVerifyAcceptsAnEd25519PublicKey() throws Exception {
        // The jwtdecodeverify/EdDSA case, which the runner cannot load (its data is null).
        String token = "eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCJ9"
                + ".eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiYWRtaW4iOnRydWUsImlhdCI6MTUxNjIzOTAyMn0"
                + ".JkKWCY39IdWEQttmdqR7VdsvT-_QxheW_eb0S5wr_j83ltux_JDUIXs7a3Dtn3xuqzuhetiuJrWIvy5TzimeCg";
        String key = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAwmK6SSAu2E9V7uynkCKEaj5nZJyTvNG4x0KohsRzLpg=\n"
                + "-----END PUBLIC KEY-----\n";
        assertThat(call("io.jwt.decode_verify", str(token), json("{\"cert\":" + quote(key) + "}")))
                .isEqualTo(json("[true,{\"alg\":\"EdDSA\",\"typ\":\"JWT\"},"
                        + "{\"admin\":true,\"iat\":1516239022,\"name\":\"John Doe\",\"sub\":\"1234567890\"}]"));
        assertThat(call("io.jwt.verify_eddsa", str(token), str(key))).isEqualTo(BooleanValue.TRUE);
    }

    @Test
    void decodeVerifyRejectsAlgNoneAsAnUnknownAlgorithm() {
        String none = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.";
        assertThat(failure("io.jwt.decode_verify", str(none), json("{\"secret\":\"secret\"}"))
                        .getMessage())
                .isEqualTo("io.jwt.decode_verify: unknown JWS algorithm: none");
    }

    @Test
    void decodeVerifyDoesNotUseAPublicKeyAsAnHmacSecret() throws Exception {
        // The classic confusion attack: an HS256 token whose MAC key is the verifier's public
        // certificate text. Own test, not from OPA's cases.
        String k = Base64.getUrlEncoder().withoutPadding().encodeToString(CERT.getBytes(StandardCharsets.UTF_8));
        Value forged = call(
                "io.jwt.encode_sign_raw",
                str("{\"alg\":\"HS256\"}"),
                str("{\"sub\":\"admin\"}"),
                str("{\"kty\":\"oct\",\"k\":\"" + k + "\"}"));
        assertThat(call("io.jwt.verify_hs256", forged, str(CERT))).isEqualTo(BooleanValue.TRUE);
        assertThat(call("io.jwt.decode_verify", forged, constraints("\"time\": 0")))
                .isEqualTo(json("[false,{},{}]"));
        assertThat(call("io.jwt.verify_rs256", forged, str(CERT))).isEqualTo(BooleanValue.FALSE);
    }

    @Test
    void decodeVerifyRequiresNumericExpAndExactlyOneKey() {
        String token = "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOiJzb29uIn0.";
        String signed = hs256(token.substring(0, token.length() - 1));
        assertThat(failure("io.jwt.decode_verify", str(signed), json("{\"secret\":\"secret\"}"))
                        .getMessage())
                .isEqualTo("io.jwt.decode_verify: exp value must be a number");
        assertThat(failure("io.jwt.decode_verify", str(signed), json("{}")).getMessage())
                .isEqualTo("io.jwt.decode_verify: no key constraint");
        assertThat(failure("io.jwt.decode_verify", str(signed), json("{\"secret\":\"s\",\"cert\":" + quote(CERT) + "}"))
                        .getMessage())
                .isEqualTo("io.jwt.decode_verify: duplicate key constraints");
    }

    @Test
    void encodeSignMatchesRfc7515AppendixA1() throws Exception {
        Value jwt = call(
                "io.jwt.encode_sign",
                json("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"),
                json("{\"aud\":[\"bob\",\"saul\"],\"exp\":1300819380,\"http://example.com/is_root\":true,"
                        + "\"iss\":\"joe\",\"privateParams\":{\"private_one\":\"one\",\"private_two\":\"two\"}}"),
                json(OCT_KEY));
        assertThat(jwt)
                .isEqualTo(str("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
                        + ".eyJhdWQiOlsiYm9iIiwic2F1bCJdLCJleHAiOjEzMDA4MTkzODAsImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlL"
                        + "CJpc3MiOiJqb2UiLCJwcml2YXRlUGFyYW1zIjp7InByaXZhdGVfb25lIjoib25lIiwicHJpdmF0ZV90d28iOiJ0d28ifX0"
                        + ".-Or2eol8bzly-Ztb0v7_7UkcKBkN_aNNpK33HK0MeOY"));
    }

    @Test
    void encodeSignRawKeepsTheHeaderTextVerbatim() throws Exception {
        Value jwt = call(
                "io.jwt.encode_sign_raw",
                str("{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}"),
                str("{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}"),
                str(OCT_KEY));
        assertThat(jwt)
                .isEqualTo(str("eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
                        + ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
                        + ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
    }

    @Test
    void encodeSignEdDsaIsDeterministicAndVerifies() throws Exception {
        Value jwt = call(
                "io.jwt.encode_sign_raw",
                str("{\"alg\":\"EdDSA\",\"typ\":\"JWT\"}"),
                str("{\"iss\":\"joe\",\"exp\":1300819380,\"http://example.com/is_root\":true}"),
                str(ED25519_KEY));
        assertThat(jwt)
                .isEqualTo(str("eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCJ9"
                        + ".eyJpc3MiOiJqb2UiLCJleHAiOjEzMDA4MTkzODAsImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
                        + ".jS1so-rsTaC8DdA8_ZnFXYbi9xOrMVXOviMFrahQ7ez0UKKzjU-2vxrM0ON-Vu3GXKhtBkkO3SUtNMoeYw3zDQ"));
        String publicJwk = ED25519_KEY.replaceAll(",\"d\":\"[^\"]+\"", "");
        assertThat(call("io.jwt.verify_eddsa", jwt, str(publicJwk))).isEqualTo(BooleanValue.TRUE);
    }

    @Test
    void randomizedSignaturesRoundTripThroughVerify() throws Exception {
        // Own test: ES256 and PS256 signatures differ each time, so they are checked by verifying.
        ECKey ec = new ECKeyGenerator(Curve.P_256).generate();
        Value es = call("io.jwt.encode_sign", json("{\"alg\":\"ES256\"}"), json("{\"a\":1}"), json(ec.toJSONString()));
        String ecPublic = ec.toPublicJWK().toJSONString();
        assertThat(call("io.jwt.verify_es256", es, str(ecPublic))).isEqualTo(BooleanValue.TRUE);
        assertThat(call("io.jwt.verify_es384", es, str(ecPublic))).isEqualTo(BooleanValue.FALSE);

        RSAKey rsa = new RSAKeyGenerator(2048).generate();
        Value ps = call("io.jwt.encode_sign", json("{\"alg\":\"PS256\"}"), json("{\"a\":1}"), json(rsa.toJSONString()));
        String rsaPublic = rsa.toPublicJWK().toJSONString();
        assertThat(call("io.jwt.verify_ps256", ps, str(rsaPublic))).isEqualTo(BooleanValue.TRUE);
        assertThat(call("io.jwt.verify_rs256", ps, str(rsaPublic))).isEqualTo(BooleanValue.FALSE);
        assertThat(call("io.jwt.verify_ps256", ps, str(ecPublic))).isEqualTo(BooleanValue.FALSE);
    }

    @Test
    void encodeSignRawReportsHeaderAndPayloadErrorsAsOpaDoes() {
        assertThat(failure("io.jwt.encode_sign_raw", str(""), str("{}"), str(OCT_KEY))
                        .getMessage())
                .endsWith("missing or invalid 'alg' header: cannot parse JSON: cannot parse empty string");
        assertThat(failure("io.jwt.encode_sign_raw", str("{}"), str("{}"), str(OCT_KEY))
                        .getMessage())
                .endsWith("missing or invalid 'alg' header: jwsbb: header \"alg\" not found");
        assertThat(failure("io.jwt.encode_sign_raw", str("{\"alg\":\"dummy\"}"), str("{}"), str(OCT_KEY))
                        .getMessage())
                .endsWith("unknown JWS algorithm: dummy");
        assertThat(failure("io.jwt.encode_sign_raw", str("{\"typ\":\"JWT\",\"alg\":\"HS256\"}"), str("e"), str(OCT_KEY))
                        .getMessage())
                .endsWith("type is JWT but payload is not JSON");
    }

    private static Value constraints(String extra) {
        return json("{\"cert\":" + quote(CERT) + "," + extra + "}");
    }

    private static String quote(String s) {
        return dev.lap.policy.value.Json.quote(s);
    }

    /** An HS256 token with secret "secret" over the given {@code header.payload}. */
    private static String hs256(String signingInput) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec("secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] sig = mac.doFinal(signingInput.getBytes(StandardCharsets.UTF_8));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static Value callAt(Instant now, StringValue token, Value constraints) throws BuiltinException {
        Builtin b = BuiltinRegistry.standardRegistry().get("io.jwt.decode_verify");
        assertThat(b).isNotNull();
        return b.call(new Value[] {token, constraints}, new BuiltinContext(Clock.fixed(now, ZoneOffset.UTC)));
    }
}
