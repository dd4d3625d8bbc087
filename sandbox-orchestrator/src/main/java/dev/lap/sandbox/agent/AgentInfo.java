package dev.lap.sandbox.agent;

import java.util.Objects;

/**
 * One catalog entry as {@code GET /api/v1/agents} lists it.
 *
 * @param installed whether its command is installed where sandboxes can run it
 * @param installCommand how to install it when it is not
 */
public record AgentInfo(String name, String description, boolean installed, String installCommand) {
    public AgentInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(installCommand, "installCommand");
    }
}
