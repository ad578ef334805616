package io.rostersync.orchestrator.alerts;

import static io.rostersync.core.firestore.FirestoreValues.await;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The store of alert configurations at {@code alertConfigs/{integrationId}}. */
class AlertConfigs {

    static final String COLLECTION = "alertConfigs";

    private final Firestore firestore;

    AlertConfigs(Firestore firestore) {
        this.firestore = firestore;
    }

    void save(String integrationId, AlertConfig config) {
        Map<String, Object> doc = new HashMap<>();
        doc.put("integrationId", integrationId);
        doc.put("consecutiveFailures", config.consecutiveFailures());
        doc.put("noSuccessFor", config.noSuccessFor());
        doc.put("openConflictsAbove", config.openConflictsAbove());
        doc.put("deadLettersAbove", config.deadLettersAbove());
        doc.put("runOnHold", config.runOnHold());
        doc.put("disableAfterFailures", config.disableAfterFailures());
        doc.put("targets", config.targets().stream().map(t -> Map.of("url", t.url(), "secretRef", t.secretRef())).toList());
        await(firestore.collection(COLLECTION).document(integrationId).set(doc));
    }

    Optional<AlertConfig> find(String integrationId) {
        DocumentSnapshot doc = await(firestore.collection(COLLECTION).document(integrationId).get());
        return doc.exists() ? Optional.of(fromDocument(doc)) : Optional.empty();
    }

    Map<String, AlertConfig> all() {
        Map<String, AlertConfig> all = new HashMap<>();
        await(firestore.collection(COLLECTION).get()).getDocuments().forEach(doc -> all.put(doc.getId(), fromDocument(doc)));
        return all;
    }

    @SuppressWarnings("unchecked")
    private static AlertConfig fromDocument(DocumentSnapshot doc) {
        List<Map<String, String>> targets = (List<Map<String, String>>) doc.get("targets");
        return new AlertConfig(integer(doc, "consecutiveFailures"), doc.getString("noSuccessFor"), integer(doc, "openConflictsAbove"),
                integer(doc, "deadLettersAbove"), doc.getBoolean("runOnHold"), integer(doc, "disableAfterFailures"),
                targets == null ? List.of() : targets.stream().map(t -> new AlertConfig.Target(t.get("url"), t.get("secretRef"))).toList());
    }

    private static Integer integer(DocumentSnapshot doc, String field) {
        Long value = doc.getLong(field);
        return value == null ? null : value.intValue();
    }
}
