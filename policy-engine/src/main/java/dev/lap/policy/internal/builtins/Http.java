package dev.lap.policy.internal.builtins;

import dev.lap.policy.value.ObjectValue;
import dev.lap.policy.value.SetValue;
import dev.lap.policy.value.StringValue;
import dev.lap.policy.value.Value;
import java.util.List;
import java.util.Set;

/**
 * {@code http.send}, declared so that policies which call it compile and their tests can replace
 * it ({@code with http.send as mock}), and refused when it really runs: a policy evaluated inside
 * the egress gateway must never open a connection of its own, which would be a way around the
 * gateway. The request is still checked first, as OPA checks it, so a mistake in it is reported
 * as the mistake it is.
 */
final class Http {
    private static final Set<String> REQUIRED = Set.of("method", "url");
    private static final Set<String> KNOWN = Set.of(
            "method",
            "url",
            "body",
            "raw_body",
            "headers",
            "enable_redirect",
            "force_json_decode",
            "force_yaml_decode",
            "tls_use_system_certs",
            "tls_ca_cert",
            "tls_ca_cert_file",
            "tls_ca_cert_env_variable",
            "tls_client_cert",
            "tls_client_cert_file",
            "tls_client_cert_env_variable",
            "tls_client_key",
            "tls_client_key_file",
            "tls_client_key_env_variable",
            "tls_insecure_skip_verify",
            "tls_server_name",
            "timeout",
            "cache",
            "force_cache",
            "force_cache_duration_seconds",
            "raise_error",
            "caching_mode",
            "max_retry_attempts",
            "cache_ignored_headers");

    private Http() {}

    static void register(BuiltinRegistry r) {
        r.registerNondeterministic("http.send", List.of(Type.OBJECT), Type.OBJECT, (a, ctx) -> {
            ObjectValue request = (ObjectValue) a[0];
            SetValue.Builder unknown = SetValue.builder();
            for (int i = 0; i < request.size(); i++) {
                Value k = request.keyAt(i);
                if (!(k instanceof StringValue s) || !KNOWN.contains(s.value())) {
                    unknown.add(k);
                }
            }
            if (unknown.size() > 0) {
                throw BuiltinException.type(
                        "http.send", "invalid request parameters(s): " + GoFormat.regoText(unknown.build()));
            }
            SetValue.Builder missing = SetValue.builder();
            for (String k : REQUIRED) {
                if (request.get(k) == null) {
                    missing.add(StringValue.of(k));
                }
            }
            if (missing.size() > 0) {
                throw BuiltinException.type(
                        "http.send", "missing required request parameters(s): " + GoFormat.regoText(missing.build()));
            }
            throw BuiltinException.failed(
                    "http.send",
                    "lap evaluates policies without network access; give the data to the policy as input or"
                            + " data, or replace http.send with `with` in tests");
        });
    }
}
