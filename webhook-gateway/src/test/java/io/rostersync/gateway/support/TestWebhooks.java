package io.rostersync.gateway.support;

import com.standardwebhooks.Webhook;
import io.rostersync.core.events.ConnectionSettings;
import io.rostersync.core.integrations.ConnectorType;
import io.rostersync.core.integrations.Integration;
import io.rostersync.core.integrations.Integrations;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** Signed webhooks for tests and the benchmark, signed by the Standard Webhooks reference library. */
public final class TestWebhooks {

    public static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    /** The property the test integrations' secret reference points at. */
    public static final String SECRET_PROPERTY = "test.webhook.secret";
    public static final String BODY = "{\"entityType\":\"users\",\"ids\":[\"usr-1\",\"usr-2\"],\"changeKind\":\"updated\"}";

    private TestWebhooks() {
    }

    public static Integration integration(String id, ConnectorType connector, boolean enabled) {
        Instant now = Instant.now();
        return new Integration(id, "Test district", connector,
                new ConnectionSettings("https://sis.example.test", null, "1.2", "client", "env:SIS_CLIENT_SECRET", List.of()),
                null, enabled, "manual", List.of("config:" + SECRET_PROPERTY), now, now);
    }

    public static void save(Integrations integrations, String id, ConnectorType connector, boolean enabled) {
        integrations.save(integration(id, connector, enabled));
    }

    public static String sign(String webhookId, long timestamp, String body) {
        try {
            return new Webhook(SECRET).sign(webhookId, timestamp, body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A POST of {@code body} signed now with {@link #SECRET}. */
    public static HttpRequest.Builder signedPost(String baseUrl, String connector, String integrationId, String webhookId, String body) {
        long timestamp = Instant.now().getEpochSecond();
        return HttpRequest.newBuilder(URI.create(baseUrl + "/webhooks/" + connector + "/" + integrationId))
                .header("content-type", "application/json")
                .header("webhook-id", webhookId)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", sign(webhookId, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }
}
