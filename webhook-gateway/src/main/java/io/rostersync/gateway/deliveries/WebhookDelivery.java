package io.rostersync.gateway.deliveries;

import java.time.Duration;
import java.time.Instant;

/**
 * A webhook the gateway claimed for publication or published, remembered so that the sender's retries are answered
 * without publishing again.
 *
 * @param eventId the CloudEvents id the webhook is published under
 * @param receivedAt when the delivery that claimed the webhook id arrived
 * @param expireAt when the record stops counting; a Firestore TTL policy on this field removes it some time later
 * @param state whether the broker has acknowledged the event yet
 */
public record WebhookDelivery(String integrationId, String webhookId, String eventId, Instant receivedAt, Instant expireAt,
                              State state) {

    /** Where a webhook's publication stands. */
    public enum State {
        /** Claimed by a delivery that is publishing it (or crashed while doing so: see {@link #isAbandonedAt}). */
        PUBLISHING,
        /** The broker acknowledged the event. */
        PUBLISHED
    }

    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expireAt);
    }

    /**
     * @param claimTimeout how long a live publication can take at most
     * @return true when the claim is older than any live publication could be, so its gateway must have crashed before
     *     confirming it (the event may or may not be on the topic)
     */
    public boolean isAbandonedAt(Instant now, Duration claimTimeout) {
        return state == State.PUBLISHING && !now.isBefore(receivedAt.plus(claimTimeout));
    }

    public WebhookDelivery published() {
        return new WebhookDelivery(integrationId, webhookId, eventId, receivedAt, expireAt, State.PUBLISHED);
    }
}
