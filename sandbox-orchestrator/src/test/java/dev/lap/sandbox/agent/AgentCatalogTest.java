package dev.lap.sandbox.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lap.sandbox.runtime.SandboxException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentCatalogTest {
    @TempDir
    Path bin;

    private AgentCatalog withPrograms(AgentModels models, String... programs) throws Exception {
        for (String p : programs) {
            Path f = Files.writeString(bin.resolve(p), "#!/bin/sh\n");
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return new AgentCatalog(models, List.of(bin));
    }

    @Test
    void listsEveryAgentWithWhetherItIsInstalledAndHowToInstallIt() throws Exception {
        var catalog = withPrograms(AgentModels.DEFAULTS, "bash", "codex");
        assertThat(catalog.list())
                .extracting(AgentInfo::name, AgentInfo::installed)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("shell", true),
                        org.assertj.core.groups.Tuple.tuple("claude-code", false),
                        org.assertj.core.groups.Tuple.tuple("codex", true),
                        org.assertj.core.groups.Tuple.tuple("opencode", false));
        assertThat(catalog.list().get(1).installCommand()).isEqualTo("npm install -g @anthropic-ai/claude-code");
    }

    @Test
    void aMissingCliIsAnErrorNamingTheCommandThatInstallsIt() throws Exception {
        var catalog = withPrograms(AgentModels.DEFAULTS, "bash");
        assertThatThrownBy(() -> catalog.launch("claude-code"))
                .isInstanceOf(SandboxException.class)
                .hasMessageContaining("npm install -g @anthropic-ai/claude-code");
        assertThatThrownBy(() -> catalog.launch("opencode")).hasMessageContaining("npm install -g opencode-ai");
        assertThatThrownBy(() -> catalog.launch("codex")).hasMessageContaining("npm install -g @openai/codex");
    }

    @Test
    void anUnknownAgentNamesTheCatalog() throws Exception {
        assertThatThrownBy(() -> withPrograms(AgentModels.DEFAULTS).launch("emacs"))
                .hasMessageContaining("shell, claude-code, codex, opencode");
    }

    @Test
    void claudeCodeTalksToTheConfiguredEndpointWithTheStubFromTheCredentialsVariable() throws Exception {
        var models = new AgentModels(
                new ModelEndpoint(URI.create("https://llm.example.com/"), "llm", "LLM_KEY", "claude-x"), null);
        var launch = withPrograms(models, "claude").launch("claude-code");
        assertThat(launch.environment())
                .containsEntry("ANTHROPIC_BASE_URL", "https://llm.example.com")
                .containsEntry("ANTHROPIC_MODEL", "claude-x")
                .containsEntry("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
        assertThat(String.join(" ", launch.command())).contains("ANTHROPIC_API_KEY=\"$LLM_KEY\"", "exec claude");
        assertThat(withPrograms(models).credentialsFor("claude-code")).containsExactly("llm");
    }

    @Test
    void codexGetsAProviderBlockWithPluginsOff() throws Exception {
        var launch = withPrograms(AgentModels.DEFAULTS, "codex").launch("codex");
        assertThat(launch.files().get(".codex/config.toml"))
                .contains("base_url = \"https://api.openai.com/v1\"")
                .contains("env_key = \"OPENAI_API_KEY\"")
                .contains("wire_api = \"responses\"")
                .contains("[features]\nplugins = false");
        assertThat(launch.environment()).containsEntry("CODEX_HOME", "/home/agent/.codex");
    }

    @Test
    void opencodeIsConfiguredThroughItsConfigContentVariable() throws Exception {
        var launch = withPrograms(AgentModels.DEFAULTS, "opencode").launch("opencode");
        assertThat(launch.environment().get("OPENCODE_CONFIG_CONTENT"))
                .contains("\"baseURL\":\"https://api.anthropic.com/v1\"")
                .contains("\"apiKey\":\"{env:ANTHROPIC_API_KEY}\"");
    }

    @Test
    void anAgentWithoutAnEndpointCannotStart() throws Exception {
        var catalog = withPrograms(new AgentModels(null, null), "codex");
        assertThatThrownBy(() -> catalog.launch("codex")).hasMessageContaining("no model endpoint configured");
    }
}
