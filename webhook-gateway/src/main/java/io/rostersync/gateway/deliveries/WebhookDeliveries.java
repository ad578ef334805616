package io.rostersync.gateway.deliveries;

import static io.rostersync.core.firestore.FirestoreValues.await;
import static io.rostersync.core.firestore.FirestoreValues.instant;
import static io.rostersync.core.firestore.FirestoreValues.timestamp;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The store of published webhooks at {@code webhookDeliveries/{integrationId}_{sha256(webhookId)}}. The id is
 * hashed because a sender's webhook id may contain characters Firestore forbids in document ids ('/').
 * Calls block; run them off the event loop.
 */
@Component
public class WebhookDeliveries {

    public static final String COLLECTION = "webhookDeliveries";

    private final Firestore firestore;

    public WebhookDeliveries(Firestore firestore) {
        this.firestore = firestore;
    }

    /**
     * @return the recorded delivery, expired or not; empty when the webhook id was never recorded
     * @throws io.rostersync.core.firestore.FirestoreAccessException when Firestore fails or times out
     */
    public Optional<WebhookDelivery> find(String integrationId, String webhookId) {
        DocumentSnapshot doc = await(document(integrationId, webhookId).get());
        if (!doc.exists()) {
            return Optional.empty();
        }
        return Optional.of(new WebhookDelivery(doc.getString("integrationId"), doc.getString("webhookId"),
                doc.getString("eventId"), instant(doc, "receivedAt"), instant(doc, "expireAt")));
    }

    /**
     * Records (or re-records, after expiry) a published webhook.
     *
     * @throws io.rostersync.core.firestore.FirestoreAccessException when Firestore fails or times out
     */
    public void record(WebhookDelivery delivery) {
        Map<String, Object> doc = new HashMap<>();
        doc.put("integrationId", delivery.integrationId());
        doc.put("webhookId", delivery.webhookId());
        doc.put("eventId", delivery.eventId());
        doc.put("receivedAt", timestamp(delivery.receivedAt()));
        doc.put("expireAt", timestamp(delivery.expireAt()));
        await(document(delivery.integrationId(), delivery.webhookId()).set(doc));
    }

    public static String documentId(String integrationId, String webhookId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(webhookId.getBytes(StandardCharsets.UTF_8));
            return integrationId + "_" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    private DocumentReference document(String integrationId, String webhookId) {
        return firestore.collection(COLLECTION).document(documentId(integrationId, webhookId));
    }
}
