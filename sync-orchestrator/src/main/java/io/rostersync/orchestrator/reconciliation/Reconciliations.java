package io.rostersync.orchestrator.reconciliation;

import static io.rostersync.core.firestore.FirestoreValues.await;
import static io.rostersync.core.firestore.FirestoreValues.timestamp;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.Firestore;
import io.rostersync.core.events.PullCommand;
import io.rostersync.core.events.PullMode;
import io.rostersync.core.events.Topics;
import io.rostersync.core.integrations.Integration;
import io.rostersync.core.kafka.EventPublisher;
import io.rostersync.core.roster.EntityType;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts reconciliations: a full read of the SIS through the integration's connector, like a full pull, whose records
 * are compared with Firestore instead of applied. The connector needs no special mode: the command's run id carries
 * the {@link #PREFIX}, which is how the orchestrator routes its results here and never to the apply stage.
 */
public class Reconciliations {

    private static final Logger log = LoggerFactory.getLogger(Reconciliations.class);
    public static final String COLLECTION = "reconciliations";
    public static final String PREFIX = "recon-";

    private final Firestore firestore;
    private final EventPublisher publisher;
    private final Clock clock;

    public Reconciliations(Firestore firestore, EventPublisher publisher, Clock clock) {
        this.firestore = firestore;
        this.publisher = publisher;
        this.clock = clock;
    }

    /** Whether results for this run id belong to a reconciliation rather than a sync run. */
    public static boolean owns(String runId) {
        return runId != null && runId.startsWith(PREFIX);
    }

    DocumentReference reference(String id) {
        return firestore.collection(COLLECTION).document(id);
    }

    /**
     * @param triggerId the same trigger (a scheduled tick, say) always names the same reconciliation; null for a new one
     * @return the reconciliation's id
     */
    public String start(Integration integration, String requestedBy, String triggerId) {
        String id = PREFIX + (triggerId == null ? UUID.randomUUID() : UUID.nameUUIDFromBytes(triggerId.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        Instant now = clock.instant();
        List<EntityType> types = Arrays.asList(EntityType.values());
        Map<String, Object> doc = new HashMap<>();
        doc.put("reconciliationId", id);
        doc.put("integrationId", integration.integrationId());
        doc.put("status", "running");
        doc.put("requestedBy", requestedBy);
        doc.put("startedAt", timestamp(now));
        doc.put("entityTypes", types.stream().map(EntityType::collection).toList());
        await(reference(id).set(doc));
        // A full read, no cursors: drift is only visible against everything the SIS has.
        PullCommand command = new PullCommand(id, integration.integrationId(), integration.connection(), PullMode.FULL, types, Map.of(), Map.of());
        publisher.publishAndWait(Topics.commandsFor(integration.connector()), integration.integrationId(), id + "/pull", id, command);
        log.info("reconciliation {} of {} started by {}", id, integration.integrationId(), requestedBy);
        return id;
    }
}
