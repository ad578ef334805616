package io.rostersync.gateway.deliveries;

import java.time.Instant;

/**
 * A webhook the gateway published, remembered so that the sender's retries are answered without publishing again.
 *
 * @param eventId the CloudEvents id the webhook was published under
 * @param expireAt when the record stops counting; a Firestore TTL policy on this field removes it some time later
 */
public record WebhookDelivery(String integrationId, String webhookId, String eventId, Instant receivedAt, Instant expireAt) {

    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expireAt);
    }
}
