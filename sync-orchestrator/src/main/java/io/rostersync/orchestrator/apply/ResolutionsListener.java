package io.rostersync.orchestrator.apply;

import static io.rostersync.core.firestore.FirestoreValues.await;
import static io.rostersync.core.firestore.FirestoreValues.timestamp;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.Firestore;
import io.rostersync.core.events.ConflictResolved;
import io.rostersync.core.events.Envelope;
import io.rostersync.core.events.EventCodec;
import io.rostersync.core.events.Topics;
import io.rostersync.core.kafka.PermanentFailureException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Applies a conflict's resolution to the local record. Idempotent: the record remembers the last conflict
 * resolved on it, and a redelivered resolution writes the same values again.
 */
class ResolutionsListener {

    private static final Logger log = LoggerFactory.getLogger(ResolutionsListener.class);

    private final EventCodec codec;
    private final Firestore firestore;
    private final Clock clock;

    ResolutionsListener(EventCodec codec, Firestore firestore, Clock clock) {
        this.codec = codec;
        this.firestore = firestore;
        this.clock = clock;
    }

    @KafkaListener(id = "orchestrator-resolutions", topics = Topics.SYNC_RESOLUTIONS, groupId = "${rostersync.kafka.group-id}")
    void onResolution(ConsumerRecord<String, byte[]> record) {
        Envelope<ConflictResolved> envelope = codec.decode(record, ConflictResolved.class);
        ConflictResolved resolved = envelope.data();
        DocumentReference ref = RosterDocuments.reference(firestore, resolved.integrationId(), resolved.entityType(), resolved.recordId());
        await(firestore.runTransaction(tx -> {
            if (!tx.get(ref).get().exists()) {
                throw new PermanentFailureException("conflict " + resolved.conflictId() + " resolves record " + resolved.recordId()
                        + ", which does not exist in integration " + resolved.integrationId());
            }
            Map<String, Object> update = new HashMap<>(resolved.resultingRecord());
            update.put(RosterDocuments.SYNC + ".resolvedConflictId", resolved.conflictId());
            update.put(RosterDocuments.SYNC + ".localUpdatedAt", timestamp(clock.instant()));
            tx.update(ref, update);
            return null;
        }));
        log.info("conflict {} resolved with {} on {}", resolved.conflictId(), resolved.strategy(), resolved.recordId());
    }
}
