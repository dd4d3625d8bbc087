package dev.lap.console.terminal;

import dev.lap.console.config.LapProperties;
import dev.lap.sandbox.session.Sessions;
import java.time.Clock;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import tools.jackson.databind.json.JsonMapper;

/** The terminal WebSocket at {@code /api/v1/sessions/{id}/tty}, behind its attach tokens. */
@Configuration(proxyBeanMethods = false)
class TerminalConfig {
    @Bean
    AttachTokens attachTokens(Clock clock, LapProperties properties) {
        return new AttachTokens(clock, properties.attachTokenTtl());
    }

    @Bean
    AttachGate attachGate(AttachTokens tokens, JsonMapper json) {
        return new AttachGate(tokens, json);
    }

    @Bean
    HandlerMapping terminalMapping(Sessions sessions, AttachTokens tokens, JsonMapper json) {
        return new SimpleUrlHandlerMapping(
                Map.of("/api/v1/sessions/{id}/tty", new TtyHandler(sessions, tokens, json)), -1);
    }
}
