package io.rostersync.orchestrator.integrations;

import io.rostersync.core.events.EventCodec;
import io.rostersync.core.integrations.Integration;
import io.rostersync.core.secrets.SecretResolver;
import io.rostersync.orchestrator.OrchestratorSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs an integration's connection test on its connector service (auth, reachability, declared counts). The
 * connector holds the SIS credentials; the orchestrator only passes the references.
 */
public class ConnectionTests {

    private final OrchestratorSettings settings;
    private final SecretResolver secrets;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = EventCodec.defaultMapper();

    public ConnectionTests(OrchestratorSettings settings, SecretResolver secrets) {
        this.settings = settings;
        this.secrets = secrets;
    }

    /** The connector's answer, or a {@link ConnectorUnavailableException} naming why it could not be asked. */
    public JsonNode run(Integration integration) {
        String base = settings.connectorUrls().get(integration.connector().value());
        if (base == null) {
            throw new ConnectorUnavailableException("no URL is configured for the " + integration.connector().value()
                    + " connector (rostersync.orchestrator.connector-urls." + integration.connector().value() + ")");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/connection-checks"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(integration.connection())));
        if (settings.connectorTokenRef() != null && !settings.connectorTokenRef().isBlank()) {
            request.header("Authorization", "Bearer " + secrets.resolve(settings.connectorTokenRef()));
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new ConnectorUnavailableException("the " + integration.connector().value() + " connector at " + base
                        + " answered " + response.statusCode());
            }
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new ConnectorUnavailableException("the " + integration.connector().value() + " connector at " + base
                    + " cannot be reached: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorUnavailableException("interrupted");
        }
    }

    public static class ConnectorUnavailableException extends RuntimeException {
        public ConnectorUnavailableException(String message) {
            super(message);
        }
    }
}
