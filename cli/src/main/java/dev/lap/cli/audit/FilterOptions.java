package dev.lap.cli.audit;

import dev.lap.audit.AuditEvent;
import dev.lap.audit.store.AuditFilter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The query filters {@code query} and {@code tail} share; each one set must match. */
final class FilterOptions {
    @Option(
            names = "--from",
            paramLabel = "TIME",
            converter = TimeConverter.class,
            description = "Records at or after TIME (2026-11-23T10:00:00Z, or a UTC day 2026-11-23).")
    private @Nullable Instant from;

    @Option(names = "--to", paramLabel = "TIME", converter = TimeConverter.class, description = "Records before TIME.")
    private @Nullable Instant to;

    @Option(names = "--session", paramLabel = "ID")
    private @Nullable String session;

    @Option(names = "--user", paramLabel = "NAME")
    private @Nullable String user;

    @Option(names = "--agent", paramLabel = "NAME")
    private @Nullable String agent;

    @Option(names = "--credential", paramLabel = "ID", description = "Swaps and scrubs of this credential.")
    private @Nullable String credential;

    @Option(names = "--host", paramLabel = "HOST")
    private @Nullable String host;

    @Option(names = "--decision", paramLabel = "allow|deny", converter = VerdictConverter.class)
    private AuditEvent.@Nullable Verdict decision;

    @Option(names = "--rule", paramLabel = "RULE")
    private @Nullable String rule;

    @Option(names = "--policy-revision", paramLabel = "REV")
    private @Nullable String policyRevision;

    @Option(names = "--request-id", paramLabel = "ID")
    private @Nullable String requestId;

    AuditFilter filter() {
        return new AuditFilter(
                from, to, session, user, agent, credential, host, decision, rule, policyRevision, requestId);
    }

    static final class TimeConverter implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String text) {
            try {
                return text.contains("T")
                        ? Instant.parse(text)
                        : LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new TypeConversionException(
                        "'" + text + "' is not a time such as 2026-11-23T10:00:00Z or 2026-11-23");
            }
        }
    }

    static final class VerdictConverter implements ITypeConverter<AuditEvent.Verdict> {
        @Override
        public AuditEvent.Verdict convert(String text) {
            return switch (text) {
                case "allow" -> AuditEvent.Verdict.ALLOW;
                case "deny" -> AuditEvent.Verdict.DENY;
                case "upstream_error" -> AuditEvent.Verdict.UPSTREAM_ERROR;
                default -> throw new TypeConversionException("'" + text + "' is not allow, deny or upstream_error");
            };
        }
    }
}
