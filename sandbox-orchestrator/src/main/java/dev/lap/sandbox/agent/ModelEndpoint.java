package dev.lap.sandbox.agent;

import java.net.URI;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A model API an agent talks to, through the vault.
 *
 * @param baseUrl the API's base URL as the agent should call it (https, reached through the vault)
 * @param credentialId the vault credential whose stub the agent sends; the session must be granted it
 * @param keyVariable the environment variable that credential's stub is exported as
 *     (its {@code env} in the credentials file)
 * @param model the model the agent is pinned to
 */
public record ModelEndpoint(URI baseUrl, String credentialId, String keyVariable, String model) {
    private static final Pattern VARIABLE = Pattern.compile("[A-Z_][A-Z0-9_]*");

    public ModelEndpoint {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(credentialId, "credentialId");
        Objects.requireNonNull(model, "model");
        if (!"https".equals(baseUrl.getScheme()) && !"http".equals(baseUrl.getScheme())) {
            throw new IllegalArgumentException("model endpoint " + baseUrl + " must be an http(s) URL");
        }
        if (!VARIABLE.matcher(keyVariable).matches()) {
            throw new IllegalArgumentException(
                    "key variable `" + keyVariable + "` is not an environment variable name like ANTHROPIC_API_KEY");
        }
        if (model.isBlank() || model.contains("\"") || model.contains("\n")) {
            throw new IllegalArgumentException("model `" + model + "` is not a model name");
        }
    }

    /** The base URL without a trailing slash. */
    String base() {
        return baseUrl.toString().replaceAll("/+$", "");
    }
}
