package dev.lap.vault.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * Load-generator lanes that share one JDK {@link HttpClient} going through the vault, so HTTP/1.1
 * and HTTP/2 are compared with the same client code: with {@code HTTP_1_1} each concurrent caller
 * holds a keep-alive connection (a CONNECT tunnel each); with {@code HTTP_2} every caller is a
 * stream multiplexed on one tunnel. A response in another version than asked is an error.
 */
final class HttpClientLanes implements AutoCloseable {
    private final HttpClient.Version version;
    private final HttpClient client;
    private final HttpRequest request;

    HttpClientLanes(HttpClient.Version version, InetSocketAddress proxy, SSLContext trust, String authorization) {
        this.version = version;
        this.client = HttpClient.newBuilder()
                .version(version)
                .proxy(ProxySelector.of(proxy))
                .sslContext(trust)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
        this.request = HttpRequest.newBuilder(URI.create("https://" + VaultLoad.GITHUB + "/user"))
                .header("Authorization", authorization)
                .timeout(Duration.ofSeconds(30))
                .build();
    }

    VaultLoad.Lane lane() {
        return new VaultLoad.Lane() {
            @Override
            public BenchConnection.Response exchange() throws Exception {
                var response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.version() != version) {
                    throw new IOException("asked for " + version + ", the vault answered " + response.version());
                }
                return new BenchConnection.Response(response.statusCode(), response.body(), false);
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public void close() {
        client.close();
    }
}
