package io.rostersync.core.integrations;

import static io.rostersync.core.firestore.FirestoreValues.await;
import static io.rostersync.core.firestore.FirestoreValues.instant;
import static io.rostersync.core.firestore.FirestoreValues.timestamp;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Precondition;
import io.rostersync.core.events.ConnectionSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The store of integrations at {@code integrations/{integrationId}}. */
public class Integrations {

    public static final String COLLECTION = "integrations";

    private final Firestore firestore;

    public Integrations(Firestore firestore) {
        this.firestore = firestore;
    }

    public Optional<Integration> find(String integrationId) {
        DocumentSnapshot doc = await(firestore.collection(COLLECTION).document(integrationId).get());
        return doc.exists() ? Optional.of(fromDocument(doc)) : Optional.empty();
    }

    public List<Integration> list() {
        return await(firestore.collection(COLLECTION).orderBy("__name__").get()).getDocuments().stream()
                .map(Integrations::fromDocument).toList();
    }

    /** Creates or replaces the integration document (its roster sub-collections are untouched). */
    public void save(Integration integration) {
        await(firestore.collection(COLLECTION).document(integration.integrationId()).set(toDocument(integration)));
    }

    /**
     * Creates the integration only if none has its id.
     *
     * @return false when one already existed (nothing was written)
     */
    public boolean create(Integration integration) {
        try {
            await(firestore.collection(COLLECTION).document(integration.integrationId()).create(toDocument(integration)));
            return true;
        } catch (io.rostersync.core.firestore.FirestoreAccessException e) {
            if (e.getCause() instanceof com.google.api.gax.rpc.AlreadyExistsException) {
                return false;
            }
            throw e;
        }
    }

    public void delete(String integrationId) {
        await(firestore.collection(COLLECTION).document(integrationId).delete(Precondition.NONE));
    }

    static Map<String, Object> toDocument(Integration integration) {
        Map<String, Object> doc = new HashMap<>();
        doc.put("integrationId", integration.integrationId());
        doc.put("name", integration.name());
        doc.put("connector", integration.connector().value());
        ConnectionSettings c = integration.connection();
        Map<String, Object> connection = new HashMap<>();
        connection.put("baseUrl", c.baseUrl());
        connection.put("tokenUrl", c.tokenUrl());
        connection.put("version", c.version());
        connection.put("clientId", c.clientId());
        connection.put("credentialRef", c.credentialRef());
        connection.put("scopes", c.scopes());
        doc.put("connection", connection);
        doc.put("schedule", integration.schedule());
        doc.put("enabled", integration.enabled());
        doc.put("conflictPolicy", integration.conflictPolicy());
        doc.put("webhookSecretRefs", integration.webhookSecretRefs());
        doc.put("fieldOwnership", integration.fieldOwnership());
        MassChangeThresholds t = integration.massChangeThresholds();
        doc.put("massChangeThresholds", Map.of("deletedPercent", t.deletedPercent(), "updatedPercent", t.updatedPercent(),
                "minimumRecords", t.minimumRecords()));
        doc.put("paused", integration.paused());
        doc.put("timeZone", integration.timeZone());
        doc.put("blackoutWindows", integration.blackoutWindows().stream().map(Integrations::window).toList());
        doc.put("reconciliationSchedule", integration.reconciliationSchedule());
        doc.put("createdAt", timestamp(integration.createdAt()));
        doc.put("updatedAt", timestamp(integration.updatedAt()));
        return doc;
    }

    @SuppressWarnings("unchecked")
    static Integration fromDocument(DocumentSnapshot doc) {
        Map<String, Object> c = (Map<String, Object>) doc.get("connection");
        ConnectionSettings connection = c == null ? null : new ConnectionSettings((String) c.get("baseUrl"),
                (String) c.get("tokenUrl"), (String) c.get("version"), (String) c.get("clientId"),
                (String) c.get("credentialRef"), (List<String>) c.get("scopes"));
        List<String> secrets = (List<String>) doc.get("webhookSecretRefs");
        return new Integration(doc.getId(), doc.getString("name"), ConnectorType.fromValue(doc.getString("connector")),
                connection, doc.getString("schedule"), Boolean.TRUE.equals(doc.getBoolean("enabled")),
                doc.getString("conflictPolicy"), secrets, instant(doc, "createdAt"), instant(doc, "updatedAt"),
                (Map<String, String>) doc.get("fieldOwnership"), thresholds((Map<String, Object>) doc.get("massChangeThresholds")),
                Boolean.TRUE.equals(doc.getBoolean("paused")), doc.getString("timeZone"),
                windows((List<Map<String, Object>>) doc.get("blackoutWindows")), doc.getString("reconciliationSchedule"));
    }

    private static Map<String, Object> window(BlackoutWindow w) {
        Map<String, Object> doc = new HashMap<>();
        doc.put("name", w.name());
        doc.put("fromDate", w.fromDate());
        doc.put("toDate", w.toDate());
        doc.put("daysOfWeek", w.daysOfWeek().stream().map(java.time.DayOfWeek::name).toList());
        doc.put("fromTime", w.fromTime());
        doc.put("toTime", w.toTime());
        return doc;
    }

    @SuppressWarnings("unchecked")
    private static List<BlackoutWindow> windows(List<Map<String, Object>> docs) {
        if (docs == null) {
            return List.of();
        }
        return docs.stream().map(w -> new BlackoutWindow((String) w.get("name"), (String) w.get("fromDate"), (String) w.get("toDate"),
                w.get("daysOfWeek") == null ? List.of()
                        : ((List<String>) w.get("daysOfWeek")).stream().map(java.time.DayOfWeek::valueOf).toList(),
                (String) w.get("fromTime"), (String) w.get("toTime"))).toList();
    }

    /** Absent (a document written before thresholds existed) or partly absent: the defaults fill in. */
    private static MassChangeThresholds thresholds(Map<String, Object> doc) {
        MassChangeThresholds d = MassChangeThresholds.DEFAULTS;
        if (doc == null) {
            return d;
        }
        return new MassChangeThresholds(
                doc.get("deletedPercent") instanceof Number n ? n.doubleValue() : d.deletedPercent(),
                doc.get("updatedPercent") instanceof Number n ? n.doubleValue() : d.updatedPercent(),
                doc.get("minimumRecords") instanceof Number n ? n.longValue() : d.minimumRecords());
    }
}
