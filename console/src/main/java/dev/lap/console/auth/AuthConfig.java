package dev.lap.console.auth;

import dev.lap.console.config.LapProperties;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class AuthConfig {
    @Bean
    ApiTokens apiTokens(DataSource data, LapProperties properties, Clock clock) {
        return ApiTokens.open(data, properties.stateDir(), properties.resetAdminToken(), clock);
    }

    @Bean
    BearerAuth bearerAuth(ApiTokens tokens, JsonMapper json) {
        return new BearerAuth(tokens, json);
    }
}
