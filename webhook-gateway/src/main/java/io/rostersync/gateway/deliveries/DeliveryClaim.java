package io.rostersync.gateway.deliveries;

import com.google.cloud.Timestamp;

/** What claiming a webhook id for publication found in Firestore. */
public sealed interface DeliveryClaim {

    WebhookDelivery delivery();

    /**
     * The webhook id is this delivery's to publish: publish it, then {@link WebhookDeliveries#confirm} or
     * {@link WebhookDeliveries#release} it.
     *
     * @param version the record's update time as this claim wrote it, so a release never deletes someone else's claim
     */
    record Won(WebhookDelivery delivery, Timestamp version) implements DeliveryClaim {
    }

    /** The webhook was published before, within the retention: answer it as a duplicate with that event id. */
    record AlreadyPublished(WebhookDelivery delivery) implements DeliveryClaim {
    }

    /** Another delivery of the same webhook id (on any gateway instance) is publishing it right now. */
    record InProgress(WebhookDelivery delivery) implements DeliveryClaim {
    }
}
