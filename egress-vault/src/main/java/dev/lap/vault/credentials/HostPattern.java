package dev.lap.vault.credentials;

import java.net.IDN;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A host a credential is bound to: an exact name, or {@code *.suffix}, which matches exactly one
 * more label in front of the suffix ({@code *.example.com} matches {@code a.example.com}, but
 * neither {@code example.com} nor {@code a.b.example.com}), as a TLS wildcard certificate does.
 * One label is the narrower choice: a binding should not silently grow to every host an upstream
 * may ever create below it; list another pattern for each deeper level that needs the credential.
 *
 * <p>Names are compared in canonical form: lower case, ASCII (IDNs as punycode), no trailing dot,
 * no port.
 */
public record HostPattern(String name, boolean wildcard) {
    /**
     * Second-level labels under which ccTLD registries sell names to anyone ({@code co.uk},
     * {@code com.au}, ...). The JDK has no public suffix list, so a wildcard one label below
     * {@code LABEL.cc} for these labels is refused as if it were on it.
     */
    private static final Set<String> REGISTRY_SECOND_LEVELS = Set.of(
            "ac", "co", "com", "edu", "gov", "net", "org", "or", "ne", "go", "mil", "gob", "nic", "ltd", "plc", "sch",
            "nhs", "info", "biz", "gen", "nom", "firm", "web", "int", "me", "in");

    /** Hosting platforms where anyone can claim a name one label below (public suffix list, private part). */
    private static final Set<String> SHARED_HOSTING_SUFFIXES = Set.of(
            "github.io",
            "gitlab.io",
            "herokuapp.com",
            "vercel.app",
            "netlify.app",
            "pages.dev",
            "workers.dev",
            "appspot.com",
            "blogspot.com",
            "cloudfront.net",
            "azurewebsites.net",
            "web.app",
            "firebaseapp.com",
            "ngrok.io",
            "ngrok-free.app",
            "fly.dev",
            "onrender.com",
            "glitch.me",
            "surge.sh",
            "amazonaws.com",
            "s3.amazonaws.com",
            "r2.dev",
            "deno.dev",
            "replit.app");

    public HostPattern {
        Objects.requireNonNull(name, "name");
    }

    /**
     * Reads an operator-written pattern.
     *
     * @throws IllegalArgumentException with a message fit for the operator
     */
    public static HostPattern parse(String text) {
        String raw = text.trim();
        if (raw.isEmpty()) {
            throw new IllegalArgumentException("a host is empty");
        }
        if (raw.equals("*")) {
            throw new IllegalArgumentException("a bare `*` would bind the credential to every host; list the hosts");
        }
        if (raw.contains("://") || raw.contains("/")) {
            throw new IllegalArgumentException(
                    "`" + raw + "` is not a host: write the name alone, without scheme or path");
        }
        if (raw.contains(":") || raw.contains("[")) {
            throw new IllegalArgumentException("`" + raw
                    + "` has a port or is an IPv6 literal; a binding is a host name (or IPv4 address), without port");
        }
        boolean wildcard = raw.startsWith("*.");
        String rest = wildcard ? raw.substring(2) : raw;
        if (rest.contains("*")) {
            throw new IllegalArgumentException(
                    "`" + raw + "`: `*` is allowed only as the whole first label, as in `*.example.com`");
        }
        String ascii = canonical(rest, raw);
        if (wildcard) {
            refusePublicSuffix(ascii, raw);
        }
        return new HostPattern(ascii, wildcard);
    }

    private static String canonical(String name, String raw) {
        String trimmed = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (trimmed.isEmpty() || trimmed.startsWith(".") || trimmed.contains("..")) {
            throw new IllegalArgumentException("`" + raw + "` has an empty label");
        }
        String ascii;
        try {
            ascii = IDN.toASCII(trimmed, IDN.USE_STD3_ASCII_RULES);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("`" + raw + "` is not a valid host name (" + e.getMessage() + ")");
        }
        ascii = ascii.toLowerCase(Locale.ROOT);
        if (ascii.length() > 253) {
            throw new IllegalArgumentException("`" + raw + "` is longer than 253 characters");
        }
        return ascii;
    }

    private static void refusePublicSuffix(String suffix, String raw) {
        String[] labels = suffix.split("\\.");
        String last = labels[labels.length - 1];
        if (last.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("`" + raw + "`: a wildcard needs a domain name, not an address");
        }
        boolean registry = labels.length == 1
                || (labels.length == 2 && last.length() == 2 && REGISTRY_SECOND_LEVELS.contains(labels[0]))
                || SHARED_HOSTING_SUFFIXES.contains(suffix);
        if (registry) {
            throw new IllegalArgumentException(
                    "`" + raw + "` is a wildcard on a public suffix (anyone can register a name" + " under `" + suffix
                            + "`); bind the credential to the hosts you mean");
        }
    }

    /** True if the (canonical) host is in this binding. A host with a port never matches. */
    public boolean matches(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (!wildcard) {
            return h.equals(name);
        }
        int dot = h.indexOf('.');
        return dot > 0 && h.substring(dot + 1).equals(name);
    }

    @Override
    public String toString() {
        return wildcard ? "*." + name : name;
    }
}
