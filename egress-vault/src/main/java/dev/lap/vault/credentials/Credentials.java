package dev.lap.vault.credentials;

import dev.lap.audit.AuditEvent;
import dev.lap.vault.credentials.CredentialsException.Code;
import dev.lap.vault.scrub.Replacement;
import dev.lap.vault.scrub.Scrubber;
import dev.lap.vault.scrub.SecretForms;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A vault's credentials with the stubs it issued for them, and the per-request work on them:
 * finding stubs (for the policy input), a redacted view of the request (for the policy input and
 * logs), swapping allowed stubs for real values, and scrubbers for bodies and response headers.
 *
 * <p>Immutable after {@link #open}; safe to share between the proxy's event loops. A rotation
 * ({@link #rotate}) makes a new snapshot, which {@link LiveCredentials} puts in force.
 */
public final class Credentials {
    private static final int MINT_ATTEMPTS = 8;

    /** What the vault swaps and scrubs: a configured credential or a captured one, with its stub. */
    private sealed interface Held {
        String id();

        /** The sandbox variable holding the stub; "" for a captured credential (the sandbox got it in a response). */
        String env();

        String stub();

        String real();

        String fingerprint();

        /** Whether the stub may be swapped for its value toward {@code host} in {@code placement}. */
        boolean eligible(String host, Set<String> allowedIds, Placement placement);
    }

    /** A credential and its stub. */
    private record Issued(Credential credential, String stub) implements Held {
        @Override
        public String id() {
            return credential.id();
        }

        @Override
        public String env() {
            return credential.env();
        }

        @Override
        public String real() {
            return credential.secret().reveal();
        }

        @Override
        public String fingerprint() {
            return credential.secret().fingerprint();
        }

        @Override
        public boolean eligible(String host, Set<String> allowedIds, Placement placement) {
            return allowedIds.contains(credential.id()) && credential.boundTo(host) && credential.allows(placement);
        }
    }

    /**
     * A value captured from a response to {@code host} ({@link #capture}): swapped only toward
     * exactly that host, in its one placement, and only when a decision injects its id.
     */
    private record Captured(String id, String host, Placement placement, String from, Secret secret, String stub)
            implements Held {
        @Override
        public String env() {
            return "";
        }

        @Override
        public String real() {
            return secret.reveal();
        }

        @Override
        public String fingerprint() {
            return secret.fingerprint();
        }

        @Override
        public boolean eligible(String host, Set<String> allowedIds, Placement placement) {
            return allowedIds.contains(id) && this.host.equals(host) && this.placement.equals(placement);
        }

        CapturedStore.Entry entry() {
            return new CapturedStore.Entry(host, placement.wireName(), from, stub, real());
        }
    }

    /** A string to hide in text bound for the policy or logs, and what shows in its place. */
    private record Mask(String target, String placeholder) {
        @Override
        public String toString() {
            return "Mask[" + placeholder + "]";
        }
    }

    /**
     * A real value that was rotated out or removed, with the stub it had: scrubbed from responses
     * (and masked) until {@code until}, never swapped in.
     */
    private record Retired(String id, Secret secret, String stub, Instant until) {
        String real() {
            return secret.reveal();
        }
    }

    private final List<Issued> issued;
    private final List<Retired> retired;
    private final List<Captured> captured;
    /** Configured credentials first, then captured ones: the scrubber's first pattern wins a tie. */
    private final List<Held> held;

    private final Map<String, Issued> byId;
    private final List<Mask> masks;
    private final Scrubber responseScrubber;

    private Credentials(List<Issued> issued, List<Retired> retired, List<Captured> captured) {
        this.issued = List.copyOf(issued);
        this.retired = List.copyOf(retired);
        this.captured = List.copyOf(captured);
        List<Held> all = new ArrayList<>(issued);
        all.addAll(captured);
        this.held = List.copyOf(all);
        Map<String, Issued> ids = new LinkedHashMap<>();
        for (Issued i : issued) {
            ids.put(i.id(), i);
        }
        List<Mask> m = new ArrayList<>();
        List<Replacement> toStubs = new ArrayList<>();
        for (Held i : held) {
            m.add(new Mask(i.stub(), "<stub:" + i.id() + ">"));
            m.add(new Mask(i.real(), "<secret:" + i.id() + ">"));
            // Every spelling the vault scrubs (hex, base64, percent-encoding, …): see SecretForms.
            toStubs.addAll(SecretForms.of(i.id(), i.real(), i.stub()));
        }
        for (Retired r : retired) {
            m.add(new Mask(r.real(), "<secret:" + r.id() + ">"));
            toStubs.addAll(SecretForms.of(r.id(), r.real(), r.stub()));
        }
        // Longest first, so a value that contains another is masked whole.
        m.sort(Comparator.comparingInt((Mask x) -> x.target().length()).reversed());
        this.byId = Map.copyOf(ids);
        this.masks = List.copyOf(m);
        this.responseScrubber = Scrubber.of(toStubs);
    }

    /** {@link #open(List, Path, SecureRandom)} with a fresh {@link SecureRandom}. */
    public static Credentials open(List<Credential> credentials, Path privateDir) throws CredentialsException {
        return open(credentials, privateDir, new SecureRandom());
    }

    /**
     * Issues a stub for each credential, reusing the one in {@code privateDir/stubs.json} while its
     * real value is unchanged, and saves the result there (directory 0700, file 0600).
     */
    public static Credentials open(List<Credential> credentials, Path privateDir, SecureRandom random)
            throws CredentialsException {
        refuseDuplicates(credentials);
        Map<String, StubStore.Entry> stored = StubStore.load(privateDir);
        Set<String> reals = new HashSet<>();
        for (Credential c : credentials) {
            reals.add(c.secret().reveal());
        }
        List<Issued> issued = new ArrayList<>();
        Set<String> stubs = new HashSet<>();
        Map<String, StubStore.Entry> toStore = new LinkedHashMap<>();
        for (Credential c : credentials) {
            StubShape shape = StubShape.of(c.secret().reveal());
            if (!shape.unguessable()) {
                throw new CredentialsException(
                        Code.VALUE_TOO_SHORT,
                        "credential " + c.id() + ": its value has "
                                + c.secret().length() + " characters, which leave " + (int) shape.bits()
                                + " random bits to a stub of the same length and shape"
                                + (shape.prefix().isEmpty() ? "" : " (after its prefix `" + shape.prefix() + "`)")
                                + "; stubs need " + StubShape.MIN_BITS + ", so a value of at least "
                                + shape.lengthNeeded()
                                + " characters. Check that " + describe(c.source()) + " holds the whole token");
            }
            StubStore.Entry old = stored.get(c.id());
            String stub = old != null && reusable(old, c, shape, reals, stubs) ? old.stub() : null;
            for (int attempt = 0; stub == null && attempt < MINT_ATTEMPTS; attempt++) {
                String candidate = shape.mint(random);
                if (acceptable(candidate, reals, stubs)) {
                    stub = candidate;
                }
            }
            if (stub == null) {
                throw new IllegalStateException(
                        "SecureRandom produced " + MINT_ATTEMPTS + " colliding stubs for " + c.id());
            }
            stubs.add(stub);
            issued.add(new Issued(c, stub));
            toStore.put(
                    c.id(),
                    new StubStore.Entry(
                            stub, c.secret().fingerprint(), c.secret().length()));
        }
        if (!toStore.equals(stored)) {
            StubStore.save(privateDir, toStore);
        }
        return new Credentials(issued, List.of(), loadCaptured(privateDir, issued));
    }

    /**
     * The captures of an earlier run, so the stubs sandboxes received keep working. A capture whose
     * id is now a configured credential's is dropped (configured ids win); an entry that is not what
     * the vault writes stops the start, as a corrupt {@code stubs.json} does.
     */
    private static List<Captured> loadCaptured(Path privateDir, List<Issued> issued) throws CredentialsException {
        Map<String, CapturedStore.Entry> stored = CapturedStore.load(privateDir);
        Set<String> ids = new HashSet<>();
        Set<String> stubs = new HashSet<>();
        Set<String> reals = new HashSet<>();
        for (Issued i : issued) {
            ids.add(i.id());
            stubs.add(i.stub());
            reals.add(i.real());
        }
        List<Captured> out = new ArrayList<>();
        Path file = privateDir.resolve(CapturedStore.FILE_NAME);
        for (Map.Entry<String, CapturedStore.Entry> e : stored.entrySet()) {
            String id = e.getKey();
            CapturedStore.Entry entry = e.getValue();
            if (ids.contains(id)) {
                continue;
            }
            Captured c;
            try {
                Secret secret = new Secret(entry.value());
                if (!Credential.ID.matcher(id).matches()
                        || !StubShape.of(entry.value()).fits(entry.stub())
                        || !acceptable(entry.stub(), reals, stubs)) {
                    throw new IllegalArgumentException("bad entry");
                }
                c = new Captured(
                        id, entry.host(), Placement.parse(entry.placement()), entry.from(), secret, entry.stub());
            } catch (IllegalArgumentException bad) {
                throw CapturedStore.corrupt(file, "the entry `" + id + "` is not valid");
            }
            stubs.add(c.stub());
            reals.add(c.real());
            out.add(c);
        }
        return out;
    }

    /**
     * These credentials with {@code value}, taken from a response to {@code host}, held as the
     * captured credential {@code id}: a fresh stub stands for it (same length and shape, as for
     * configured credentials), it is swapped back only toward exactly {@code host} in {@code
     * placement} when a decision injects {@code id}, and it is scrubbed from every response like
     * any real value. A value the id held before is retired (scrubbed for {@code grace}, never
     * swapped). The captures are saved in {@code privateDir}, so a restart keeps them.
     *
     * <p>Refused, naming no value: an id that is a configured credential's, a value the vault cannot
     * carry in a header (outside visible ASCII) or too short for an unguessable stub, a value that
     * is or overlaps another real value.
     */
    public CaptureResult capture(
            String id,
            String host,
            Placement placement,
            String from,
            String value,
            Path privateDir,
            Instant now,
            Duration grace,
            SecureRandom random) {
        if (byId.containsKey(id)) {
            return new CaptureResult.Refused(
                    "the capture id `" + id + "` is a configured credential's; a capture needs an id of its own");
        }
        Secret secret;
        try {
            secret = new Secret(value);
        } catch (IllegalArgumentException e) {
            return new CaptureResult.Refused("the captured value of `" + id + "` cannot be held: " + e.getMessage());
        }
        Captured existing = null;
        for (Captured c : captured) {
            if (c.id().equals(id)) {
                existing = c;
            }
        }
        if (existing != null
                && existing.fingerprint().equals(secret.fingerprint())
                && existing.host().equals(host)
                && existing.placement().equals(placement)) {
            return new CaptureResult.Kept(this, existing.stub(), secret.fingerprint(), null, true);
        }
        Set<String> reals = new HashSet<>();
        Set<String> stubs = new HashSet<>();
        for (Held h : held) {
            if (h == existing) {
                continue;
            }
            if (h.real().contains(value) || value.contains(h.real())) {
                return new CaptureResult.Refused("the captured value of `" + id + "` is, or overlaps, the value of `"
                        + h.id() + "`; the vault cannot stand two stubs for one secret");
            }
            reals.add(h.real());
            stubs.add(h.stub());
        }
        StubShape shape = StubShape.of(value);
        if (!shape.unguessable()) {
            return new CaptureResult.Refused("the captured value of `" + id + "` has " + secret.length()
                    + " characters, which leave " + (int) shape.bits() + " random bits to a stub of its length and"
                    + " shape; stubs need " + StubShape.MIN_BITS);
        }
        reals.add(value);
        String stub = null;
        for (int attempt = 0; stub == null && attempt < MINT_ATTEMPTS; attempt++) {
            String candidate = shape.mint(random);
            if (acceptable(candidate, reals, stubs)) {
                stub = candidate;
            }
        }
        if (stub == null) {
            return new CaptureResult.Refused("no free stub could be minted for `" + id + "`");
        }
        List<Captured> nextCaptured = new ArrayList<>();
        Map<String, CapturedStore.Entry> toStore = new LinkedHashMap<>();
        for (Captured c : captured) {
            if (c != existing) {
                nextCaptured.add(c);
                toStore.put(c.id(), c.entry());
            }
        }
        Captured taken = new Captured(id, host, placement, from, secret, stub);
        nextCaptured.add(taken);
        toStore.put(id, taken.entry());
        List<Retired> nextRetired = new ArrayList<>();
        for (Retired r : retired) {
            if (r.until().isAfter(now) && !r.real().equals(value)) {
                nextRetired.add(r);
            }
        }
        if (existing != null && !existing.real().equals(value)) {
            nextRetired.add(new Retired(id, existing.secret(), existing.stub(), now.plus(grace)));
        }
        try {
            CapturedStore.save(privateDir, toStore);
        } catch (CredentialsException e) {
            return new CaptureResult.Refused("the capture of `" + id + "` could not be saved: " + e.getMessage());
        }
        return new CaptureResult.Kept(
                new Credentials(issued, nextRetired, nextCaptured),
                stub,
                secret.fingerprint(),
                existing == null ? null : existing.fingerprint(),
                false);
    }

    /** The ids of the captured credentials held, for diagnostics and tests. */
    public List<String> capturedIds() {
        return captured.stream().map(Captured::id).toList();
    }

    /** The fingerprint of the value a configured or captured credential id holds now. */
    public Optional<String> fingerprint(String id) {
        for (Held h : held) {
            if (h.id().equals(id)) {
                return Optional.of(h.fingerprint());
            }
        }
        return Optional.empty();
    }

    /**
     * These credentials replaced by {@code next}, as read again from their sources: the outcome
     * is a new snapshot (this one is untouched) or a refusal that names why, in which case the
     * credentials in force stay as they are.
     *
     * <p>A credential whose id and stub variable are unchanged keeps its stub, whatever its new
     * value: the sandbox's environment was fixed when it started and cannot learn a new stub. The
     * new value must therefore have the old one's length and shape (the stub must still fit it);
     * otherwise the whole change is refused. The old value stays in the response scrubber until
     * {@code now + grace}, so a response still echoing it is scrubbed; swaps use the new value at
     * once. A removed credential's value is kept for the grace period in the same way; an added
     * one gets a fresh stub (only sandboxes started afterwards hold it). Retired values whose
     * grace has ended by {@code now} are dropped. The stubs are saved to {@code privateDir}.
     */
    public Rotation rotate(List<Credential> next, Path privateDir, Instant now, Duration grace, SecureRandom random) {
        try {
            refuseDuplicates(next);
        } catch (CredentialsException e) {
            return new Rotation.Refused(null, e.getMessage());
        }
        Set<String> reals = new HashSet<>();
        for (Credential c : next) {
            reals.add(c.secret().reveal());
        }
        List<Issued> nextIssued = new ArrayList<>();
        List<Retired> nextRetired = new ArrayList<>();
        List<AuditEvent.CredentialChange> changes = new ArrayList<>();
        Set<String> stubs = new HashSet<>();
        Instant until = now.plus(grace);
        boolean changed = next.size() != issued.size();
        for (int k = 0; k < next.size(); k++) {
            Credential c = next.get(k);
            StubShape shape = StubShape.of(c.secret().reveal());
            Issued current = byId.get(c.id());
            String stub;
            if (current == null) {
                if (!shape.unguessable()) {
                    return new Rotation.Refused(
                            c.id(), "credential " + c.id() + ": its value is too short for an unguessable stub");
                }
                stub = null;
                for (int attempt = 0; stub == null && attempt < MINT_ATTEMPTS; attempt++) {
                    String candidate = shape.mint(random);
                    if (acceptable(candidate, reals, stubs)) {
                        stub = candidate;
                    }
                }
                if (stub == null) {
                    return new Rotation.Refused(c.id(), "credential " + c.id() + ": no free stub could be minted");
                }
                changes.add(change(AuditEvent.CredentialChangeKind.ADDED, c.id(), null, c));
            } else if (!current.credential().env().equals(c.env())) {
                return new Rotation.Refused(
                        c.id(),
                        "credential " + c.id() + ": its stub variable changed from "
                                + current.credential().env()
                                + " to " + c.env() + ", which a running sandbox cannot see; restart the vault"
                                + " and its sandboxes for that");
            } else if (current.credential()
                    .secret()
                    .fingerprint()
                    .equals(c.secret().fingerprint())) {
                stub = current.stub();
                changed = changed || !issued.get(k).id().equals(c.id()) || !sameSettings(current.credential(), c);
            } else {
                if (c.secret().length() != current.credential().secret().length()
                        || !shape.fits(current.stub())
                        || !acceptable(current.stub(), reals, stubs)) {
                    return new Rotation.Refused(
                            c.id(),
                            "credential " + c.id() + ": the new value ("
                                    + c.secret().fingerprint() + ") has "
                                    + c.secret().length() + " characters or a shape unlike the old one ("
                                    + current.credential().secret().fingerprint() + ", "
                                    + current.credential().secret().length()
                                    + " characters), so the stub the sandbox holds cannot stand for it; the old value"
                                    + " stays in force. Restart the vault and its sandboxes to issue a new stub");
                }
                stub = current.stub();
                nextRetired.add(new Retired(current.id(), current.credential().secret(), current.stub(), until));
                changes.add(change(
                        AuditEvent.CredentialChangeKind.ROTATED,
                        c.id(),
                        current.credential().secret().fingerprint(),
                        c));
            }
            stubs.add(stub);
            nextIssued.add(new Issued(c, stub));
        }
        Set<String> nextIds = new HashSet<>();
        next.forEach(c -> nextIds.add(c.id()));
        for (Issued i : issued) {
            if (!nextIds.contains(i.id())) {
                nextRetired.add(new Retired(i.id(), i.credential().secret(), i.stub(), until));
                changes.add(new AuditEvent.CredentialChange(
                        AuditEvent.CredentialChangeKind.REMOVED,
                        i.id(),
                        i.credential().secret().fingerprint(),
                        null,
                        null));
            }
        }
        for (Retired r : retired) {
            // A value rotated back in is current again; one whose grace ended is gone.
            if (r.until().isAfter(now) && !reals.contains(r.real())) {
                nextRetired.add(r);
            } else {
                changed = true;
            }
        }
        if (!changed && changes.isEmpty()) {
            return new Rotation.Unchanged();
        }
        nextRetired.removeIf(r -> reals.contains(r.real()));
        Map<String, StubStore.Entry> toStore = new LinkedHashMap<>();
        for (Issued i : nextIssued) {
            toStore.put(
                    i.id(),
                    new StubStore.Entry(
                            i.stub(),
                            i.credential().secret().fingerprint(),
                            i.credential().secret().length()));
        }
        try {
            StubStore.save(privateDir, toStore);
        } catch (CredentialsException e) {
            return new Rotation.Refused(null, e.getMessage());
        }
        // Captures stay, but a configured id wins over a captured one, whose value then retires.
        List<Captured> keptCaptured = new ArrayList<>();
        for (Captured c : captured) {
            if (nextIds.contains(c.id())) {
                nextRetired.add(new Retired(c.id(), c.secret(), c.stub(), until));
            } else {
                keptCaptured.add(c);
            }
        }
        return new Rotation.Applied(new Credentials(nextIssued, nextRetired, keptCaptured), changes);
    }

    /** These credentials without the retired values whose grace period has ended by {@code now}. */
    public Credentials expire(Instant now) {
        List<Retired> kept =
                retired.stream().filter(r -> r.until().isAfter(now)).toList();
        return kept.size() == retired.size() ? this : new Credentials(issued, kept, captured);
    }

    /** The ids of retired values still scrubbed, for tests and diagnostics. */
    public List<String> retiredIds() {
        return retired.stream().map(Retired::id).toList();
    }

    private static boolean sameSettings(Credential a, Credential b) {
        return a.source().equals(b.source())
                && a.hosts().equals(b.hosts())
                && a.placements().equals(b.placements());
    }

    private static AuditEvent.CredentialChange change(
            AuditEvent.CredentialChangeKind kind, String id, @Nullable String oldFingerprint, Credential c) {
        return new AuditEvent.CredentialChange(
                kind, id, oldFingerprint, c.secret().fingerprint(), null);
    }

    private static void refuseDuplicates(List<Credential> credentials) throws CredentialsException {
        Set<String> ids = new HashSet<>();
        Set<String> envs = new HashSet<>();
        for (Credential c : credentials) {
            if (!ids.add(c.id())) {
                throw new CredentialsException(Code.DUPLICATE, "credential id " + c.id() + " appears twice");
            }
            if (!envs.add(c.env())) {
                throw new CredentialsException(
                        Code.DUPLICATE, "stub variable " + c.env() + " is used by two credentials");
            }
        }
    }

    private static boolean reusable(
            StubStore.Entry old, Credential c, StubShape shape, Set<String> reals, Set<String> stubs) {
        return old.fingerprint().equals(c.secret().fingerprint())
                && old.length() == c.secret().length()
                && shape.fits(old.stub())
                && acceptable(old.stub(), reals, stubs);
    }

    /** Not a real value, not containing one (equal lengths make these one check for its own), not taken. */
    private static boolean acceptable(String stub, Set<String> reals, Set<String> stubs) {
        if (stubs.contains(stub)) {
            return false;
        }
        for (String real : reals) {
            if (stub.contains(real) || real.contains(stub)) {
                return false;
            }
        }
        return true;
    }

    private static String describe(SecretSource source) {
        return switch (source) {
            case SecretSource.Env env -> "the variable " + env.variable();
            case SecretSource.File file -> "the file " + file.path();
        };
    }

    public List<Credential> credentials() {
        return issued.stream().map(Issued::credential).toList();
    }

    public Optional<Credential> credential(String id) {
        return Optional.ofNullable(byId.get(id)).map(Issued::credential);
    }

    /** The stub issued for a credential id. */
    public Optional<String> stub(String id) {
        return Optional.ofNullable(byId.get(id)).map(Issued::stub);
    }

    /** The sandbox's stub variables, {@code ENV -> stub}, in the file's order. */
    public Map<String, String> stubEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        for (Issued i : issued) {
            env.put(i.credential().env(), i.stub());
        }
        return env;
    }

    /** Writes {@code ENV=stub} lines for the sandbox (mode 0644: stubs are not secrets). */
    public void writeStubsEnv(Path file) throws IOException {
        StringBuilder sb = new StringBuilder();
        stubEnvironment()
                .forEach((env, stub) -> sb.append(env).append('=').append(stub).append('\n'));
        StubStore.writeAtomically(
                file, sb.toString().getBytes(StandardCharsets.UTF_8), PosixFilePermissions.fromString("rw-r--r--"));
    }

    // ---- Finding ---------------------------------------------------------------------------

    /**
     * The stubs in a request's headers and query, wherever they are, whether or not they are
     * allowed there: the policy decides on what the sandbox tried. Each (credential, placement)
     * appears once, in order of appearance. Body stubs cannot be listed: the body has not been
     * read when the policy is asked.
     */
    public List<FoundStub> find(Iterable<? extends Map.Entry<String, String>> headers, @Nullable String rawQuery) {
        Set<FoundStub> found = new LinkedHashSet<>();
        for (Map.Entry<String, String> h : headers) {
            Placement placement = placementOf(h.getKey());
            String value = h.getValue();
            BasicAuth basic = placement instanceof Placement.Authorization ? BasicAuth.parse(value) : null;
            for (Held i : held) {
                if (value.contains(i.stub()) || (basic != null && basic.contains(i.stub()))) {
                    found.add(new FoundStub(i.id(), i.env(), placement, i instanceof Captured));
                }
            }
        }
        if (rawQuery != null) {
            for (QueryString.Param p : QueryString.parse(rawQuery)) {
                String value = p.value();
                for (Held i : held) {
                    if (value.contains(i.stub())) {
                        found.add(new FoundStub(i.id(), i.env(), new Placement.Query(p.name()), i instanceof Captured));
                    }
                }
            }
        }
        return List.copyOf(found);
    }

    private static Placement placementOf(String headerName) {
        String name = headerName.toLowerCase(Locale.ROOT);
        return name.equals("authorization") ? Placement.AUTHORIZATION : new Placement.Header(name);
    }

    // ---- Redacting ------------------------------------------------------------------------

    /**
     * {@code text} with every stub shown as {@code <stub:ID>} and every real value as
     * {@code <secret:ID>}: for the request path or anything else bound for the policy or a log.
     */
    public String redact(String text) {
        String out = text;
        for (Mask m : masks) {
            if (out.contains(m.target())) {
                out = out.replace(m.target(), m.placeholder());
            }
        }
        return out;
    }

    /**
     * The headers as the policy may see them, in order: values redacted as by {@link #redact}; a
     * Basic {@code Authorization} that holds a stub or a real value is shown decoded, {@code Basic
     * user:<stub:ID>}, because its base64 would carry the value past a plain search.
     */
    public List<Map.Entry<String, String>> redactHeaders(Iterable<? extends Map.Entry<String, String>> headers) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (Map.Entry<String, String> h : headers) {
            String value = h.getValue();
            BasicAuth basic = h.getKey().equalsIgnoreCase("authorization") ? BasicAuth.parse(value) : null;
            if (basic != null && masks.stream().anyMatch(m -> basic.contains(m.target()))) {
                value = basic.scheme() + " " + redact(basic.user()) + ":" + redact(basic.password());
            } else {
                value = redact(value);
            }
            out.add(Map.entry(h.getKey(), value));
        }
        return out;
    }

    /** The raw query as the policy may see it: a parameter holding a stub or real value, even percent-encoded, is shown decoded and redacted. */
    public @Nullable String redactQuery(@Nullable String rawQuery) {
        if (rawQuery == null) {
            return null;
        }
        List<QueryString.Param> params = new ArrayList<>();
        for (QueryString.Param p : QueryString.parse(redact(rawQuery))) {
            String name = p.name();
            String value = p.value();
            Predicate<String> holds = s -> masks.stream().anyMatch(m -> s.contains(m.target()));
            if (holds.test(name) || holds.test(value)) {
                params.add(new QueryString.Param(redact(name), p.rawValue() == null ? null : redact(value)));
            } else {
                params.add(p);
            }
        }
        return QueryString.join(params);
    }

    // ---- Swapping -------------------------------------------------------------------------

    /**
     * Replaces each stub whose credential is in {@code allowedIds}, is bound to {@code host} (the
     * canonical destination, no port) and allows the placement it is in; everything else stays as
     * it was. The binding check does not depend on the policy: a decision that allows a credential
     * toward a host outside its binding swaps nothing.
     */
    public SwapResult swap(
            Iterable<? extends Map.Entry<String, String>> headers,
            @Nullable String rawQuery,
            String host,
            Set<String> allowedIds) {
        Set<Swap> swaps = new LinkedHashSet<>();
        List<Map.Entry<String, String>> out = new ArrayList<>();
        List<Boolean> swappedHere = new ArrayList<>();
        for (Map.Entry<String, String> h : headers) {
            Placement placement = placementOf(h.getKey());
            List<Held> eligible = eligible(host, allowedIds, placement);
            String value = h.getValue();
            BasicAuth basic = placement instanceof Placement.Authorization ? BasicAuth.parse(value) : null;
            if (basic != null) {
                BasicAuth swapped = basic;
                for (Held i : eligible) {
                    if (swapped.contains(i.stub())) {
                        swapped = swapped.replace(i.stub(), i.real());
                        swaps.add(swapOf(i, placement));
                    }
                }
                value = swapped == basic ? value : swapped.encode();
            } else {
                for (Held i : eligible) {
                    if (value.contains(i.stub())) {
                        value = value.replace(i.stub(), i.real());
                        swaps.add(swapOf(i, placement));
                    }
                }
            }
            out.add(Map.entry(h.getKey(), value));
            swappedHere.add(!value.equals(h.getValue()));
        }
        String query = rawQuery == null ? null : swapQuery(rawQuery, host, allowedIds, swaps);
        return new SwapResult(exclusive(out, swappedHere), query, List.copyOf(swaps));
    }

    /**
     * The headers without every other client value of a header the vault injected into: a second
     * {@code Authorization} (or {@code x-api-key}, …) sent beside the swapped one would reach the
     * upstream next to the real credential, where it can be echoed, logged, or win.
     */
    private static List<Map.Entry<String, String>> exclusive(
            List<Map.Entry<String, String>> headers, List<Boolean> swapped) {
        Set<String> injected = new HashSet<>();
        for (int i = 0; i < headers.size(); i++) {
            if (swapped.get(i)) {
                injected.add(headers.get(i).getKey().toLowerCase(Locale.ROOT));
            }
        }
        if (injected.isEmpty()) {
            return headers;
        }
        List<Map.Entry<String, String>> kept = new ArrayList<>(headers.size());
        for (int i = 0; i < headers.size(); i++) {
            var h = headers.get(i);
            if (swapped.get(i) || !injected.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                kept.add(h);
            }
        }
        return kept;
    }

    /**
     * {@link #swap(Iterable, String, String, Set)} on Netty headers, rewritten in place (in their
     * original order) when anything was swapped. The result's headers are the rewritten ones.
     */
    public SwapResult swap(HttpHeaders headers, @Nullable String rawQuery, String host, Set<String> allowedIds) {
        SwapResult result = swap(headers.entries(), rawQuery, host, allowedIds);
        if (!result.swaps().isEmpty()) {
            headers.clear();
            for (Map.Entry<String, String> h : result.headers()) {
                headers.add(h.getKey(), h.getValue());
            }
        }
        return result;
    }

    private String swapQuery(String rawQuery, String host, Set<String> allowedIds, Set<Swap> swaps) {
        List<QueryString.Param> params = QueryString.parse(rawQuery);
        boolean changed = false;
        for (int k = 0; k < params.size(); k++) {
            QueryString.Param p = params.get(k);
            if (p.rawValue() == null) {
                continue;
            }
            Placement placement = new Placement.Query(p.name().isEmpty() ? "?" : p.name());
            String raw = p.rawValue();
            for (Held i : eligible(host, allowedIds, placement)) {
                if (raw.contains(i.stub())) {
                    // Stub characters never need escaping, so the client sent it literally; only the
                    // real value may need percent-encoding, and the rest of the value stays as sent.
                    raw = raw.replace(i.stub(), QueryString.encode(i.real()));
                } else if (QueryString.decode(raw).contains(i.stub())) {
                    raw = QueryString.encode(QueryString.decode(raw).replace(i.stub(), i.real()));
                } else {
                    continue;
                }
                swaps.add(swapOf(i, placement));
                changed = true;
            }
            params.set(k, new QueryString.Param(p.rawName(), raw));
        }
        return changed ? QueryString.join(params) : rawQuery;
    }

    private List<Held> eligible(String host, Set<String> allowedIds, Placement placement) {
        List<Held> out = new ArrayList<>();
        for (Held i : held) {
            if (i.eligible(host, allowedIds, placement)) {
                out.add(i);
            }
        }
        return out;
    }

    private static Swap swapOf(Held i, Placement placement) {
        return new Swap(i.id(), placement, i.fingerprint());
    }

    // ---- Bodies and responses ---------------------------------------------------------------

    /**
     * A scrubber that replaces stubs by real values in a request body, for the credentials that
     * are allowed, bound to {@code host} and allow {@code body}. Empty if there are none; its
     * replacement counts are by credential id.
     */
    public Scrubber bodySwapper(String host, Set<String> allowedIds) {
        List<Replacement> replacements = new ArrayList<>();
        for (Held i : eligible(host, allowedIds, Placement.BODY)) {
            replacements.add(new Replacement(i.id(), bytes(i.stub()), bytes(i.real())));
        }
        return Scrubber.of(replacements);
    }

    /** The scrubber that replaces every real value by its stub, for response headers and bodies. */
    public Scrubber responseScrubber() {
        return responseScrubber;
    }

    /**
     * {@code text} with every spelling of every real value replaced by the same spelling of its
     * stub: for anything the vault says that might quote bytes it did not write (reasons, error
     * messages) before it reaches the sandbox, the audit log or a span.
     */
    public String scrubText(String text) {
        return responseScrubber.scrub(text);
    }

    /** Replaces real values by stubs in every response header, in place; counts by credential id. */
    public Map<String, Long> scrubResponseHeaders(HttpHeaders headers) {
        return responseScrubber.scrubHeaders(headers);
    }

    private static byte[] bytes(String s) {
        // Secrets and stubs are visible ASCII (checked by Secret), so this is one byte per char.
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        Map<String, String> envs = new HashMap<>();
        issued.forEach(i -> envs.put(i.id(), i.credential().env()));
        return "Credentials" + envs;
    }
}
