package dev.lap.console.terminal;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Single-use attach tokens: one is issued to an authenticated caller for one session, and opens
 * that session's terminal WebSocket once, within its lifetime. Only a hash of each token is held,
 * in memory: a restart invalidates them all, which costs a caller one more request.
 */
public final class AttachTokens {
    /** Who may attach to which session, until when. */
    public record Grant(String sessionId, String caller, Instant expiresAt) {
        public Grant {
            requireNonNull(sessionId, "sessionId");
            requireNonNull(caller, "caller");
            requireNonNull(expiresAt, "expiresAt");
        }
    }

    /** An issued token, to hand to the caller once. */
    public record Issued(String token, Grant grant) {}

    /** Why a token was not accepted. */
    public enum Refusal {
        UNKNOWN_OR_USED,
        EXPIRED,
        OTHER_SESSION
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ConcurrentMap<String, Grant> grants = new ConcurrentHashMap<>();
    /** Redeemed at the upgrade request, not yet claimed by the WebSocket it opened. */
    private final ConcurrentMap<String, Grant> upgrading = new ConcurrentHashMap<>();

    private final Clock clock;
    private final Duration lifetime;

    public AttachTokens(Clock clock, Duration lifetime) {
        this.clock = clock;
        this.lifetime = lifetime;
    }

    public Issued issue(String sessionId, String caller) {
        purgeExpired();
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        String token = "att_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        Grant grant = new Grant(sessionId, caller, clock.instant().plus(lifetime));
        grants.put(hash(token), grant);
        return new Issued(token, grant);
    }

    /**
     * Takes the token: whatever the outcome it can never be used again. Accepted only for the
     * session it was issued for, before it expires.
     */
    public Redeemed redeem(String token, String sessionId) {
        Grant grant = grants.remove(hash(token));
        if (grant == null) {
            return new Redeemed.Refused(Refusal.UNKNOWN_OR_USED);
        }
        if (!clock.instant().isBefore(grant.expiresAt())) {
            return new Redeemed.Refused(Refusal.EXPIRED);
        }
        if (!grant.sessionId().equals(sessionId)) {
            return new Redeemed.Refused(Refusal.OTHER_SESSION);
        }
        upgrading.put(hash(token), grant);
        return new Redeemed.Accepted(grant);
    }

    /**
     * The grant a token redeemed at its upgrade request, taken by the WebSocket that request
     * opened; empty for a token not redeemed (or already claimed).
     */
    public java.util.Optional<Grant> claim(String token) {
        return java.util.Optional.ofNullable(upgrading.remove(hash(token)));
    }

    /** The grant, or the reason there is none. */
    public sealed interface Redeemed {
        record Accepted(Grant grant) implements Redeemed {}

        record Refused(Refusal refusal) implements Redeemed {}
    }

    private void purgeExpired() {
        Instant now = clock.instant();
        grants.values().removeIf(g -> !now.isBefore(g.expiresAt()));
        upgrading.values().removeIf(g -> !now.isBefore(g.expiresAt()));
    }

    private static String hash(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
