package dev.lap.policy.internal.builtins;

import java.util.List;

/**
 * {@code http.send}, declared so that policies which call it compile and their tests can replace
 * it ({@code with http.send as mock}), and refused when it really runs: a policy evaluated inside
 * the egress gateway must never open a connection of its own, which would be a way around the
 * gateway.
 */
final class Http {
    private Http() {}

    static void register(BuiltinRegistry r) {
        r.registerNondeterministic("http.send", List.of(Type.OBJECT), Type.OBJECT, (a, ctx) -> {
            throw BuiltinException.failed(
                    "http.send",
                    "lap evaluates policies without network access; give the data to the policy as input or"
                            + " data, or replace http.send with `with` in tests");
        });
    }
}
