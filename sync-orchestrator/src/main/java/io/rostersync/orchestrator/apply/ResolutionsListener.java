package io.rostersync.orchestrator.apply;

import static io.rostersync.core.firestore.FirestoreValues.await;
import static io.rostersync.core.firestore.FirestoreValues.timestamp;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.Firestore;
import io.rostersync.core.events.ConflictResolved;
import io.rostersync.core.events.Envelope;
import io.rostersync.core.events.EventCodec;
import io.rostersync.core.events.Topics;
import io.rostersync.core.firestore.FirestoreValues;
import io.rostersync.core.kafka.PermanentFailureException;
import io.rostersync.orchestrator.push.PushRequests;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Applies a conflict's resolution to the local record: the record takes the resulting values and is rebased on
 * the SIS version the conflict was about, so the next sync does not see the same divergence again; fields that
 * still differ from the SIS are queued in the outbox and a push is requested (where the SIS takes writes).
 * Idempotent: a redelivered resolution finds the record already resolved by it and changes nothing (the outbox
 * entry's id derives from the conflict id); it only asks again for the push if the entry is still pending.
 */
class ResolutionsListener {

    private static final Logger log = LoggerFactory.getLogger(ResolutionsListener.class);

    private final EventCodec codec;
    private final Firestore firestore;
    private final Clock clock;
    private final PushRequests pushes;

    ResolutionsListener(EventCodec codec, Firestore firestore, Clock clock, PushRequests pushes) {
        this.codec = codec;
        this.firestore = firestore;
        this.clock = clock;
        this.pushes = pushes;
    }

    @KafkaListener(id = "orchestrator-resolutions", topics = Topics.SYNC_RESOLUTIONS, groupId = "${rostersync.kafka.group-id}")
    void onResolution(ConsumerRecord<String, byte[]> record) {
        Envelope<ConflictResolved> envelope = codec.decode(record, ConflictResolved.class);
        ConflictResolved resolved = envelope.data();
        DocumentReference ref = RosterDocuments.reference(firestore, resolved.integrationId(), resolved.entityType(), resolved.recordId());
        boolean queued = await(firestore.runTransaction(tx -> {
            var doc = tx.get(ref).get();
            DocumentReference entry = firestore.collection("integrations").document(resolved.integrationId()).collection("outbox")
                    .document("resolution-" + resolved.conflictId());
            var existingEntry = tx.get(entry).get();
            if (!doc.exists()) {
                throw new PermanentFailureException("conflict " + resolved.conflictId() + " resolves record " + resolved.recordId()
                        + ", which does not exist in integration " + resolved.integrationId());
            }
            if (resolved.conflictId().equals(doc.getString(RosterDocuments.SYNC + ".resolvedConflictId"))) {
                // Applied before, perhaps pushed and pulled since: writing it again would undo what happened after.
                return existingEntry.exists() && "pending".equals(existingEntry.getString("status"));
            }
            Map<String, Object> remote = FirestoreValues.map(doc, RosterDocuments.SYNC + ".remoteSnapshot");
            Map<String, Object> toPush = new HashMap<>();
            resolved.resultingRecord().forEach((field, value) -> {
                if (!ThreeWayMerge.same(value, remote.get(field))) {
                    toPush.put(field, value);
                }
            });
            Map<String, Object> update = new HashMap<>(resolved.resultingRecord());
            update.put(RosterDocuments.SYNC + ".resolvedConflictId", resolved.conflictId());
            update.put(RosterDocuments.SYNC + ".baseSnapshot", remote);
            update.put(RosterDocuments.SYNC + ".localUpdatedAt", toPush.isEmpty() ? null : timestamp(clock.instant()));
            tx.update(ref, update);
            if (!toPush.isEmpty()) {
                Map<String, Object> outbox = new HashMap<>();
                outbox.put("changeId", "resolution-" + resolved.conflictId());
                outbox.put("entityType", resolved.entityType().collection());
                outbox.put("sourcedId", resolved.recordId());
                outbox.put("etag", doc.getString(RosterDocuments.SYNC + ".etag"));
                outbox.put("fields", toPush);
                outbox.put("changedAt", timestamp(clock.instant()));
                outbox.put("changedBy", resolved.resolvedBy());
                outbox.put("status", "pending");
                tx.set(entry, outbox);
            }
            return !toPush.isEmpty();
        }));
        // After the commit: a push run that started earlier would not see the entry. A redelivered resolution asks
        // again, which at worst starts a push with nothing pending.
        boolean pushing = queued && pushes.requestSoon(resolved.integrationId(), resolved.resolvedBy());
        log.info("conflict {} resolved with {} on {}{}", resolved.conflictId(), resolved.strategy(), resolved.recordId(),
                queued ? pushing ? "; push to the SIS requested" : "; the change waits in the outbox" : "");
    }
}
