package io.rostersync.e2e;

import static org.awaitility.Awaitility.await;

import io.rostersync.core.events.EventCodec;
import io.rostersync.localstack.LocalStack;
import io.rostersync.localstack.Service;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** HTTP to the services of the end-to-end stack, as a user or an operator script would call them. */
public final class StackHttp {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);

    private final LocalStack stack;
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = EventCodec.defaultMapper();
    private String simulatorToken;

    public StackHttp(LocalStack stack) {
        this.stack = stack;
    }

    /** A JSON request to a service; {@code body} and {@code token} may be null. */
    public HttpResponse<String> send(Service service, String method, String path, String body, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.url(service) + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Creates an enabled OneRoster integration against the stack's simulator through the Integration Hub, as an admin
     * would; with {@code webhooks} it verifies webhooks with the demo secret ({@link StackFixture#WEBHOOK_SECRET}).
     *
     * @return the Integration Hub's answer (201 when created)
     */
    public HttpResponse<String> createOneRosterIntegration(String integrationId, String name, boolean webhooks)
            throws IOException, InterruptedException {
        String body = """
                {"integrationId":"%s","name":"%s","connector":"oneroster",
                 "connection":{"baseUrl":"%s","tokenUrl":"%s","clientId":"rostersync-demo","credentialRef":"config:rostersync.local.sis-client-secret"}%s}
                """.formatted(integrationId, name, stack.oneRosterBaseUrl(), stack.url(Service.SIMULATOR) + "/oauth2/token",
                webhooks ? ",\n \"webhookSecretRefs\":[\"config:rostersync.local.demo-webhook-secret\"]" : "");
        return send(Service.ORCHESTRATOR, "POST", "/api/integrations", body, StackFixture.ADMIN);
    }

    /**
     * A webhook to the gateway for a OneRoster integration, signed as Standard Webhooks says: HMAC-SHA256 over
     * "id.timestamp.body" with the decoded {@code whsec_} secret.
     */
    public HttpRequest signedWebhook(String integrationId, String webhookId, String body, String secret) {
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        String signature;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            signature = Base64.getEncoder().encodeToString(mac.doFinal((webhookId + "." + timestamp + "." + body)
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
        return HttpRequest.newBuilder(URI.create(stack.url(Service.GATEWAY) + "/webhooks/oneroster/" + integrationId))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .header("webhook-id", webhookId).header("webhook-timestamp", timestamp).header("webhook-signature", "v1," + signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** Sends {@link #signedWebhook} and waits for the answer. */
    public HttpResponse<String> webhook(String integrationId, String webhookId, String body, String secret)
            throws IOException, InterruptedException {
        return http.send(signedWebhook(integrationId, webhookId, body, secret), HttpResponse.BodyHandlers.ofString());
    }

    /** An OAuth 2 access token from the simulator, for reading what the SIS holds. */
    public String simulatorToken() throws IOException, InterruptedException {
        if (simulatorToken == null) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(stack.url(Service.SIMULATOR) + "/oauth2/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            (stack.settings().sisClientId() + ":" + stack.settings().sisClientSecret()).getBytes(StandardCharsets.UTF_8)))
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build();
            simulatorToken = json.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body()).get("access_token").asString();
        }
        return simulatorToken;
    }

    /** The run as the health API shows it, or null while it does not know it. */
    JsonNode run(String runId) throws IOException, InterruptedException {
        HttpResponse<String> response = send(Service.HEALTH, "GET", "/api/runs/" + runId, null, StackFixture.VIEWER);
        return response.statusCode() == 200 ? json.readTree(response.body()) : null;
    }

    JsonNode awaitRun(String runId, String status) {
        return await().atMost(RUN_TIMEOUT).pollInterval(Duration.ofMillis(300)).until(() -> run(runId),
                run -> run != null && status.equals(run.get("status").asString()));
    }
}
