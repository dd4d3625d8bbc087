package dev.lap.sandbox.agent;

/** The agents lap knows how to run, with the program each needs and how to install it. */
enum Agent {
    SHELL("shell", "A bash shell", "bash", "apt-get install bash"),
    CLAUDE_CODE("claude-code", "Anthropic's Claude Code", "claude", "npm install -g @anthropic-ai/claude-code"),
    CODEX("codex", "OpenAI's Codex CLI", "codex", "npm install -g @openai/codex"),
    OPENCODE("opencode", "opencode, with an Anthropic model", "opencode", "npm install -g opencode-ai");

    final String id;
    final String description;
    final String program;
    final String install;

    Agent(String id, String description, String program, String install) {
        this.id = id;
        this.description = description;
        this.program = program;
        this.install = install;
    }
}
