package io.rostersync.orchestrator.alerts;

import com.standardwebhooks.Webhook;
import io.rostersync.core.secrets.SecretResolver;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an alert to one target as a Standard Webhooks message: {@code webhook-id} (stable per incident and event, so a
 * receiver can drop a repeat), {@code webhook-timestamp} and {@code webhook-signature} with the target's secret.
 */
class AlertDelivery {

    private static final Logger log = LoggerFactory.getLogger(AlertDelivery.class);

    private final SecretResolver secrets;
    private final Clock clock;
    private final Duration timeout;
    private final HttpClient http;

    AlertDelivery(SecretResolver secrets, Clock clock, Duration timeout) {
        this.secrets = secrets;
        this.clock = clock;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** @return whether the target took it (2xx); false for anything else, which is tried again later */
    boolean deliver(AlertConfig.Target target, String messageId, String body) {
        try {
            long timestamp = clock.instant().getEpochSecond();
            String signature = new Webhook(secrets.resolve(target.secretRef())).sign(messageId, timestamp, body);
            HttpRequest request = HttpRequest.newBuilder(URI.create(target.url())).timeout(timeout)
                    .header("content-type", "application/json")
                    .header("webhook-id", messageId)
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature", signature)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status / 100 == 2) {
                return true;
            }
            log.warn("alert {} refused by {}: HTTP {}", messageId, target.url(), status);
        } catch (IOException | RuntimeException | com.standardwebhooks.exceptions.WebhookSigningException e) {
            log.warn("alert {} not delivered to {}: {}", messageId, target.url(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }
}
