package io.rostersync.orchestrator.alerts;

import static io.rostersync.core.firestore.FirestoreValues.await;
import static io.rostersync.core.firestore.FirestoreValues.timestamp;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldValue;
import com.google.cloud.firestore.Firestore;
import io.rostersync.core.events.EventCodec;
import io.rostersync.core.firestore.FirestoreValues;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * One incident per rule and integration at a time, at {@code alertStates/{integrationId}_{rule}}: a rule that starts
 * firing opens an incident (event {@code alert.fired}), one that stops resolves it ({@code alert.resolved}). The
 * transition is claimed in a transaction, so however many replicas evaluate, each incident fires and resolves once;
 * its events wait in {@code undelivered} until every target took them (at least once, same {@code webhook-id}).
 */
class AlertIncidents {

    private static final Logger log = LoggerFactory.getLogger(AlertIncidents.class);
    static final String COLLECTION = "alertStates";
    static final String FIRED = "alert.fired";
    static final String RESOLVED = "alert.resolved";

    private final Firestore firestore;
    private final AlertDelivery delivery;
    private final JsonMapper json = EventCodec.defaultMapper();

    AlertIncidents(Firestore firestore, AlertDelivery delivery) {
        this.firestore = firestore;
        this.delivery = delivery;
    }

    DocumentReference reference(String integrationId, AlertRule rule) {
        return firestore.collection(COLLECTION).document(integrationId + "_" + rule.value());
    }

    /** Records whether the rule fires now; {@code detail} is null when it does not. */
    void update(String integrationId, AlertRule rule, String detail, Instant now) {
        DocumentReference ref = reference(integrationId, rule);
        String event = await(firestore.runTransaction(tx -> {
            DocumentSnapshot doc = tx.get(ref).get();
            boolean wasFiring = doc.exists() && "firing".equals(doc.getString("state"));
            if (detail != null && !wasFiring) {
                Map<String, Object> state = new HashMap<>();
                state.put("integrationId", integrationId);
                state.put("rule", rule.value());
                state.put("state", "firing");
                state.put("incidentId", "inc-" + UUID.randomUUID());
                state.put("detail", detail);
                state.put("firedAt", timestamp(now));
                state.put("resolvedAt", null);
                List<String> undelivered = new ArrayList<>(strings(doc.get("undelivered")));
                undelivered.add(FIRED);
                state.put("undelivered", undelivered);
                tx.set(ref, state);
                return FIRED;
            }
            if (detail != null) {
                tx.update(ref, "detail", detail);
                return null;
            }
            if (wasFiring) {
                tx.update(ref, Map.of("state", "resolved", "resolvedAt", timestamp(now), "undelivered", FieldValue.arrayUnion(RESOLVED)));
                return RESOLVED;
            }
            return null;
        }));
        if (FIRED.equals(event)) {
            log.warn("alert {} of {} fired: {}", rule.value(), integrationId, detail);
        } else if (RESOLVED.equals(event)) {
            log.info("alert {} of {} resolved", rule.value(), integrationId);
        }
    }

    /** Sends the rule's events that no target has taken yet, oldest first. */
    void deliverPending(String integrationId, AlertRule rule, AlertConfig config) {
        DocumentReference ref = reference(integrationId, rule);
        DocumentSnapshot doc = await(ref.get());
        if (!doc.exists() || config.targets().isEmpty()) {
            return;
        }
        for (String event : strings(doc.get("undelivered"))) {
            String messageId = doc.getString("incidentId") + "." + event;
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", event);
            body.put("timestamp", (RESOLVED.equals(event) ? FirestoreValues.instant(doc, "resolvedAt") : FirestoreValues.instant(doc, "firedAt")).toString());
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("incidentId", doc.getString("incidentId"));
            data.put("integrationId", integrationId);
            data.put("rule", rule.value());
            data.put("detail", doc.getString("detail"));
            data.put("firedAt", FirestoreValues.instant(doc, "firedAt").toString());
            body.put("data", data);
            String payload = json.writeValueAsString(body);
            boolean all = config.targets().stream().map(t -> delivery.deliver(t, messageId, payload)).reduce(true, Boolean::logicalAnd);
            if (!all) {
                return;
            }
            await(ref.update("undelivered", FieldValue.arrayRemove(event)));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object value) {
        return value instanceof List<?> list ? (List<String>) list : List.of();
    }
}
