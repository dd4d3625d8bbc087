package dev.lap.vault.credentials;

import dev.lap.vault.credentials.CredentialsYaml.EntryDto;
import dev.lap.vault.credentials.CredentialsYaml.FileDto;
import dev.lap.vault.credentials.CredentialsYaml.Pos;
import dev.lap.vault.credentials.CredentialsYaml.Text;
import dev.lap.vault.credentials.CredentialsYaml.ValueFromDto;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads and checks a credentials file (format in {@code docs/credentials.md}), resolving each
 * credential's real value from the vault's environment or a file.
 *
 * <p>All problems are reported together, sorted by position, each naming the file, line and
 * column, what is wrong and what to do. No message ever contains a real value.
 */
public final class CredentialsFile {
    /**
     * Variables the sandbox needs for its proxy and CA settings (see {@code CLIENTS.md}); a
     * credential's stub must not take their place.
     */
    private static final Set<String> RESERVED_ENV = Set.of(
            "HTTPS_PROXY",
            "HTTP_PROXY",
            "ALL_PROXY",
            "NO_PROXY",
            "SSL_CERT_FILE",
            "SSL_CERT_DIR",
            "CURL_CA_BUNDLE",
            "REQUESTS_CA_BUNDLE",
            "NODE_EXTRA_CA_CERTS",
            "GIT_SSL_CAINFO",
            "CODEX_CA_CERTIFICATE",
            "JAVA_TOOL_OPTIONS",
            "PATH",
            "HOME");

    /** The outcome of reading a file. */
    public sealed interface Result {}

    public record Loaded(List<Credential> credentials) implements Result {
        public Loaded {
            credentials = List.copyOf(credentials);
        }
    }

    public record Invalid(List<CredentialsError> errors) implements Result {
        public Invalid {
            errors = List.copyOf(errors);
        }

        /** One line per error, for a terminal. */
        public String render() {
            StringBuilder sb = new StringBuilder();
            for (CredentialsError e : errors) {
                sb.append(e.render()).append('\n');
            }
            return sb.toString();
        }
    }

    private final Path file;
    private final Map<String, String> environment;
    private final List<CredentialsError> errors = new ArrayList<>();

    private CredentialsFile(Path file, Map<String, String> environment) {
        this.file = file;
        this.environment = environment;
    }

    /** Reads {@code file}, taking {@code value_from.env} values from the vault's own environment. */
    public static Result read(Path file) {
        return read(file, System.getenv());
    }

    /** Reads {@code file}, taking {@code value_from.env} values from {@code environment}. */
    public static Result read(Path file, Map<String, String> environment) {
        return new CredentialsFile(file, Map.copyOf(environment)).read();
    }

    private Result read() {
        if (!Files.isRegularFile(file)) {
            errors.add(new CredentialsError(
                    file,
                    1,
                    1,
                    "the credentials file does not exist or is not a regular file; create it or fix the path"));
            return new Invalid(errors);
        }
        FileDto dto = CredentialsYaml.read(file, errors);
        List<Credential> credentials = new ArrayList<>();
        if (dto != null && dto.credentials != null) {
            Map<String, Pos> ids = new HashMap<>();
            Map<String, Pos> envs = new HashMap<>();
            for (EntryDto entry : dto.credentials) {
                Credential c = validate(entry, ids, envs);
                if (c != null) {
                    credentials.add(c);
                }
            }
        }
        if (!errors.isEmpty()) {
            errors.sort(Comparator.comparingInt(CredentialsError::line).thenComparingInt(CredentialsError::column));
            return new Invalid(errors);
        }
        return new Loaded(credentials);
    }

    private @Nullable Credential validate(EntryDto e, Map<String, Pos> ids, Map<String, Pos> envs) {
        int before = errors.size();
        String id = required(e, e.id, "id", "e.g. `id: github`");
        if (id != null && !Credential.ID.matcher(id).matches()) {
            error(
                    e.id.pos(),
                    "id `" + id + "` must be lower-case letters, digits, `-` and `_`, starting with a letter or digit");
        } else if (id != null && ids.containsKey(id)) {
            error(
                    e.id.pos(),
                    "id `" + id + "` is already used at line " + ids.get(id).line() + "; ids are unique");
        } else if (id != null) {
            ids.put(id, e.id.pos());
        }
        String name = id == null ? "the credential at line " + e.pos.line() : "credential `" + id + "`";

        String env = required(e, e.env, "env", "the sandbox variable that receives the stub, e.g. `env: GITHUB_TOKEN`");
        if (env != null && !Credential.ENV.matcher(env).matches()) {
            error(
                    e.env.pos(),
                    name + ": env `" + env + "` must be upper-case letters, digits and `_`, not starting with a digit");
        } else if (env != null && RESERVED_ENV.contains(env)) {
            error(
                    e.env.pos(),
                    name + ": env `" + env + "` is set by the vault for the sandbox itself; pick another variable");
        } else if (env != null && envs.containsKey(env)) {
            error(
                    e.env.pos(),
                    name + ": env `" + env + "` is already used at line "
                            + envs.get(env).line() + "; each credential needs its own variable");
        } else if (env != null) {
            envs.put(env, e.env.pos());
        }

        List<HostPattern> hosts = hosts(e, name);
        Set<Placement> placements = placements(e, name);
        SecretSource source = null;
        Secret secret = null;
        if (e.valueFrom == null) {
            if (!e.present.contains("value_from")) {
                error(
                        e.pos,
                        name
                                + ": missing `value_from`; add `value_from: {env: VARIABLE}` or `value_from: {file: /path}`");
            }
        } else {
            source = source(e.valueFrom, name);
            if (source != null) {
                secret = secret(source, e.valueFrom.pos, name);
            }
        }
        if (errors.size() > before || id == null || env == null || source == null || secret == null) {
            return null;
        }
        return new Credential(id, env, source, secret, hosts, placements);
    }

    private List<HostPattern> hosts(EntryDto e, String name) {
        List<HostPattern> hosts = new ArrayList<>();
        if (e.hosts == null) {
            if (!e.present.contains("hosts")) {
                error(e.pos, name + ": missing `hosts`; list the hosts the credential may be sent to");
            }
            return hosts;
        }
        if (e.hosts.isEmpty()) {
            error(e.hostsPos, name + ": `hosts` is empty; a credential bound to no host could never be used");
        }
        for (Text t : e.hosts) {
            try {
                HostPattern h = HostPattern.parse(t.value());
                if (hosts.contains(h)) {
                    error(t.pos(), name + ": host `" + h + "` is listed twice");
                } else {
                    hosts.add(h);
                }
            } catch (IllegalArgumentException ex) {
                error(t.pos(), name + ": " + ex.getMessage());
            }
        }
        return hosts;
    }

    private Set<Placement> placements(EntryDto e, String name) {
        Set<Placement> placements = new LinkedHashSet<>();
        if (e.placements == null) {
            if (!e.present.contains("placements")) {
                error(e.pos, name + ": missing `placements`; e.g. `placements: [authorization]`");
            }
            return placements;
        }
        if (e.placements.isEmpty()) {
            error(
                    e.placementsPos,
                    name + ": `placements` is empty; a credential with no placement could never be used");
        }
        for (Text t : e.placements) {
            try {
                if (!placements.add(Placement.parse(t.value()))) {
                    error(t.pos(), name + ": placement `" + t.value() + "` is listed twice");
                }
            } catch (IllegalArgumentException ex) {
                error(t.pos(), name + ": " + ex.getMessage());
            }
        }
        return placements;
    }

    private @Nullable SecretSource source(ValueFromDto v, String name) {
        if (v.env != null && v.file != null) {
            error(v.pos, name + ": value_from has both `env` and `file`; keep exactly one");
            return null;
        }
        if (v.env != null) {
            String variable = v.env.value().trim();
            if (variable.isEmpty()) {
                error(v.env.pos(), name + ": value_from.env is empty; name the vault's variable holding the value");
                return null;
            }
            return new SecretSource.Env(variable);
        }
        if (v.file != null) {
            String path = v.file.value().trim();
            if (path.isEmpty()) {
                error(v.file.pos(), name + ": value_from.file is empty; give the path of the file holding the value");
                return null;
            }
            Path dir = file.toAbsolutePath().getParent();
            return new SecretSource.File(dir == null ? Path.of(path) : dir.resolve(path));
        }
        error(v.pos, name + ": value_from needs `env` or `file`");
        return null;
    }

    private @Nullable Secret secret(SecretSource source, Pos at, String name) {
        String value;
        String origin;
        switch (source) {
            case SecretSource.Env env -> {
                origin = "the variable " + env.variable();
                value = environment.get(env.variable());
                if (value == null) {
                    error(
                            at,
                            name + ": value_from.env names " + env.variable()
                                    + ", which is not set in the vault's environment; export it before starting the vault");
                    return null;
                }
            }
            case SecretSource.File f -> {
                origin = "the file " + f.path();
                try {
                    value = trimOneNewline(Files.readString(f.path(), StandardCharsets.UTF_8));
                } catch (NoSuchFileException ex) {
                    error(at, name + ": value_from.file " + f.path() + " does not exist; create it or fix the path");
                    return null;
                } catch (AccessDeniedException ex) {
                    error(
                            at,
                            name + ": value_from.file " + f.path()
                                    + " is not readable by the vault; fix its permissions");
                    return null;
                } catch (IOException ex) {
                    // The exception's class says enough; its message could quote content.
                    error(
                            at,
                            name + ": value_from.file " + f.path() + " cannot be read as UTF-8 text ("
                                    + ex.getClass().getSimpleName() + ")");
                    return null;
                }
            }
        }
        try {
            return new Secret(value);
        } catch (IllegalArgumentException ex) {
            error(at, name + ": the value in " + origin + " is unusable: " + ex.getMessage());
            return null;
        }
    }

    private static String trimOneNewline(String s) {
        if (s.endsWith("\r\n")) {
            return s.substring(0, s.length() - 2);
        }
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    private @Nullable String required(EntryDto e, @Nullable Text t, String key, String hint) {
        if (t == null) {
            if (!e.present.contains(key)) {
                error(e.pos, "missing `" + key + "`; " + hint);
            }
            return null;
        }
        String v = t.value().trim();
        if (v.isEmpty()) {
            error(t.pos(), "`" + key + "` is empty; " + hint);
            return null;
        }
        return v;
    }

    private void error(Pos at, String message) {
        errors.add(new CredentialsError(file, at.line(), at.column(), message));
    }
}
