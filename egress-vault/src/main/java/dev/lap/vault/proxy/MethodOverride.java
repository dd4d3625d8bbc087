package dev.lap.vault.proxy;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The headers with which a client asks a server to treat a request as another method
 * ({@code X-HTTP-Method-Override}, {@code X-HTTP-Method}, {@code X-Method-Override}; Rails, Express,
 * ASP.NET and Google APIs honour one or more of them): a {@code GET} that a server runs as a
 * {@code DELETE} must not pass a policy as a read. The override is shown to the policy as
 * {@code input.request.method_override}; headers that disagree are refused, because each server
 * reads a different one of them.
 */
final class MethodOverride {
    static final List<String> HEADERS = List.of("x-http-method-override", "x-http-method", "x-method-override");

    private MethodOverride() {}

    /** The override's method in upper case, "" when the request carries none. */
    static String of(HttpHeaders headers) {
        TreeSet<String> methods = methods(headers);
        return methods.isEmpty() ? "" : methods.first();
    }

    /** Whether the override headers name more than one method. */
    static boolean ambiguous(HttpHeaders headers) {
        return methods(headers).size() > 1;
    }

    private static TreeSet<String> methods(HttpHeaders headers) {
        TreeSet<String> methods = new TreeSet<>();
        for (String name : HEADERS) {
            for (String value : headers.getAll(name)) {
                for (String part : value.split(",", -1)) {
                    methods.add(part.trim().toUpperCase(Locale.ROOT));
                }
            }
        }
        return methods;
    }
}
