package dev.lap.vault.proxy;

/**
 * The parts of a request target. The path is normalised once when the request arrives ({@link
 * RequestPath}) and the query is kept raw, so the policy sees what the upstream will see and the
 * forwarded target differs from the normalised one only where a stub was swapped.
 */
final class RequestTarget {
    private RequestTarget() {}

    /** The raw path: the origin-form target up to {@code ?}, or the path of an absolute URL. */
    static String path(String uri) {
        String origin = stripAuthority(uri);
        int q = origin.indexOf('?');
        String path = q < 0 ? origin : origin.substring(0, q);
        return path.isEmpty() ? "/" : path;
    }

    /** The raw query without {@code ?}; empty when there is none. */
    static String rawQuery(String uri) {
        int q = uri.indexOf('?');
        if (q < 0) {
            return "";
        }
        int hash = uri.indexOf('#', q);
        return hash < 0 ? uri.substring(q + 1) : uri.substring(q + 1, hash);
    }

    /** The origin-form target to send upstream, with {@code query} in place of the client's. */
    static String originForm(String uri, String query) {
        if (uri.equals("*")) {
            return uri;
        }
        String path = path(uri);
        return query.isEmpty() ? path : path + "?" + query;
    }

    /** The origin-form target made of {@code path} and a raw {@code query} (empty for none). */
    static String of(String path, String query) {
        return query.isEmpty() || path.equals("*") ? path : path + "?" + query;
    }

    private static String stripAuthority(String uri) {
        if (uri.startsWith("/") || uri.equals("*")) {
            return uri;
        }
        int scheme = uri.indexOf("://");
        if (scheme < 0) {
            return uri;
        }
        int slash = uri.indexOf('/', scheme + 3);
        int question = uri.indexOf('?', scheme + 3);
        int end = slash < 0 ? question : question < 0 ? slash : Math.min(slash, question);
        return end < 0 ? "/" : uri.substring(end);
    }
}
