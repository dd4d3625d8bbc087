package dev.lap.policy.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lap.policy.PolicyEngine;
import dev.lap.policy.RegoException;
import dev.lap.policy.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadingPolicyTest {
    @TempDir
    Path dir;

    private void write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    @Test
    void dataDocumentsLandAtTheirDirectoryPath() throws Exception {
        write("policy.rego", "package t\nlimit := data.limits.max\n");
        write("limits/data.json", "{\"max\": 5}");
        write("data.yaml", "greeting: hello\n");
        ReloadingPolicy p = ReloadingPolicy.load(PolicyEngine.create(), dir);
        assertThat(p.current().evaluate("data.t.limit", Map.of()))
                .isEqualTo(new Result.Defined(dev.lap.policy.value.NumberValue.of(5)));
        assertThat(p.current().evaluate("data.greeting", Map.of()).toString()).contains("hello");
    }

    @Test
    void aBrokenEditKeepsTheLastGoodPolicyInForce() throws Exception {
        write("policy.rego", "package t\nx := 1\n");
        ReloadingPolicy p = ReloadingPolicy.load(PolicyEngine.create(), dir);
        String good = p.current().revision();

        assertThat(p.reload()).isInstanceOf(ReloadingPolicy.Outcome.Unchanged.class);

        write("policy.rego", "package t\nx := \n");
        ReloadingPolicy.Outcome broken = p.reload();
        assertThat(broken).isInstanceOfSatisfying(ReloadingPolicy.Outcome.Rejected.class, r -> {
            assertThat(r.keptRevision()).isEqualTo(good);
            assertThat(r.errors().get(0).toString()).startsWith("policy.rego:");
        });
        assertThat(p.current().revision()).isEqualTo(good);

        write("policy.rego", "package t\nx := 2\n");
        assertThat(p.reload()).isInstanceOf(ReloadingPolicy.Outcome.Reloaded.class);
        assertThat(p.current().evaluate("data.t.x", Map.of()).toString()).contains("2");
    }

    @Test
    void theSameBrokenEditIsRejectedOnceAndAFurtherEditIsJudgedAgain() throws Exception {
        write("policy.rego", "package t\nx := 1\n");
        ReloadingPolicy p = ReloadingPolicy.load(PolicyEngine.create(), dir);
        String good = p.current().revision();

        write("policy.rego", "package t\nx := \n");
        assertThat(p.reload()).isInstanceOf(ReloadingPolicy.Outcome.Rejected.class);
        assertThat(p.reload()).isEqualTo(new ReloadingPolicy.Outcome.Unchanged(good));
        assertThat(p.reload()).isEqualTo(new ReloadingPolicy.Outcome.Unchanged(good));

        write("policy.rego", "package t\nx := {\n");
        assertThat(p.reload()).isInstanceOf(ReloadingPolicy.Outcome.Rejected.class);

        // Back to the policy in force: nothing to load, and the next break is reported again.
        write("policy.rego", "package t\nx := 1\n");
        assertThat(p.reload()).isEqualTo(new ReloadingPolicy.Outcome.Unchanged(good));
        write("policy.rego", "package t\nx := \n");
        assertThat(p.reload()).isInstanceOf(ReloadingPolicy.Outcome.Rejected.class);
    }

    @Test
    void everyErrorInEveryFileIsReportedWithItsLocation() throws Exception {
        write("a.rego", "package a\np if {\n");
        write("b/data.json", "{\"x\": }");
        assertThatThrownBy(() -> Bundle.read(dir))
                .isInstanceOfSatisfying(
                        RegoException.class,
                        e -> assertThat(e.errors())
                                .extracting(Object::toString)
                                .anySatisfy(s -> assertThat(s).startsWith("b/data.json:1:")));
        assertThatThrownBy(() -> ReloadingPolicy.load(PolicyEngine.create(), dir))
                .isInstanceOf(RegoException.class);
    }

    @Test
    void twoDataDocumentsSettingTheSameKeyConflict() throws Exception {
        write("data.json", "{\"a\": {\"b\": 1}}");
        write("a/data.json", "{\"b\": 2}");
        assertThatThrownBy(() -> Bundle.read(dir))
                .isInstanceOfSatisfying(
                        RegoException.class,
                        e -> assertThat(e.first().message()).contains("data.a.b"));
    }

    @Test
    void aMissingDirectoryIsAClearError() {
        assertThatThrownBy(() -> Bundle.read(dir.resolve("nope")))
                .isInstanceOfSatisfying(
                        RegoException.class,
                        e -> assertThat(e.first().message()).contains("does not exist"));
    }
}
