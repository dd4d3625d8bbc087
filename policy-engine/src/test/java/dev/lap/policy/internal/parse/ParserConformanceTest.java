package dev.lap.policy.internal.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.policy.RegoError;
import dev.lap.policy.RegoException;
import dev.lap.policy.value.ArrayValue;
import dev.lap.policy.value.ObjectValue;
import dev.lap.policy.value.StringValue;
import dev.lap.policy.value.Value;
import dev.lap.policy.value.Yaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Parses every module of OPA's v1 conformance cases (the {@code modules:} of each case). */
class ParserConformanceTest {

    /** One module of one conformance case. */
    record CaseModule(Path file, String note, int index, String source, boolean wantsParseError) {
        String name() {
            return file.getFileName() + " [" + note + "] module " + index;
        }
    }

    /** The conformance directory, or null when this checkout does not have it. */
    static @Nullable Path conformanceDir() {
        String env = System.getenv("LAP_OPA_CONFORMANCE_DIR");
        List<Path> candidates = new ArrayList<>();
        if (env != null && !env.isBlank()) {
            candidates.add(Path.of(env));
        }
        // Maven runs tests in the module directory; IDEs often use the repository root.
        candidates.add(Path.of("../../shared/opa-conformance/v1"));
        candidates.add(Path.of("../shared/opa-conformance/v1"));
        for (Path p : candidates) {
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        return null;
    }

    static Path requireConformanceDir() {
        Path dir = conformanceDir();
        Assumptions.assumeTrue(
                dir != null,
                "OPA conformance cases not found: set LAP_OPA_CONFORMANCE_DIR to the v1 directory of OPA's"
                        + " test cases (v1/test/cases/testdata/v1 in open-policy-agent/opa), or place them at"
                        + " ../shared/opa-conformance/v1 next to the repository");
        return dir;
    }

    static List<CaseModule> modules(Path dir) {
        List<CaseModule> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                Value doc = Yaml.parse(Files.readString(f));
                if (!(doc instanceof ObjectValue o && o.get("cases") instanceof ArrayValue cases)) {
                    continue;
                }
                for (Value c : cases.asList()) {
                    if (!(c instanceof ObjectValue kase)) {
                        continue;
                    }
                    String note = kase.get("note") instanceof StringValue s ? s.value() : "?";
                    boolean wantsParseError = kase.get("want_error_code") instanceof StringValue code
                            && code.value().equals(RegoError.PARSE);
                    if (kase.get("modules") instanceof ArrayValue mods) {
                        for (int i = 0; i < mods.size(); i++) {
                            if (mods.get(i) instanceof StringValue src) {
                                out.add(new CaseModule(f, note, i, src.value(), wantsParseError));
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    @Test
    void everyConformanceQueryAndInputTermParses() {
        Path dir = requireConformanceDir();
        List<String> problems = new ArrayList<>();
        int count = 0;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                if (!(Yaml.parse(Files.readString(f)) instanceof ObjectValue o
                        && o.get("cases") instanceof ArrayValue cases)) {
                    continue;
                }
                for (Value c : cases.asList()) {
                    if (!(c instanceof ObjectValue kase) || kase.toString().contains("future.keywords.")) {
                        continue;
                    }
                    try {
                        if (kase.get("query") instanceof StringValue q) {
                            count++;
                            Parser.parseQuery(f.getFileName().toString(), q.value());
                        }
                        if (kase.get("input_term") instanceof StringValue t) {
                            count++;
                            Parser.parseTerm(f.getFileName().toString(), t.value());
                        }
                    } catch (RegoException e) {
                        problems.add(e.first().render());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(count).isGreaterThan(1000);
        assertThat(problems).isEmpty();
    }

    @Test
    void everyConformanceModuleParsesUnlessItsCaseExpectsAParseError() {
        List<CaseModule> modules = modules(requireConformanceDir());
        assertThat(modules).hasSizeGreaterThan(1000);
        List<String> problems = new ArrayList<>();
        int parsed = 0;
        for (CaseModule m : modules) {
            try {
                Parser.parseModule(m.name(), m.source());
                parsed++;
                if (m.wantsParseError()) {
                    problems.add(m.name() + ": parsed, but the case expects rego_parse_error");
                }
            } catch (RegoException e) {
                if (!m.wantsParseError()) {
                    problems.add(e.first().render());
                }
            }
        }
        System.out.println("conformance modules parsed: " + parsed + " of " + modules.size());
        assertThat(problems).isEmpty();
    }
}
