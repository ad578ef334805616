package io.rostersync.conflicts.intake;

import io.rostersync.conflicts.metrics.ConflictCounters;
import io.rostersync.conflicts.metrics.ConflictMetrics;
import io.rostersync.core.conflicts.SyncConflict;
import io.rostersync.core.conflicts.SyncConflicts;
import io.rostersync.core.events.ConflictDetected;
import io.rostersync.core.events.Envelope;
import io.rostersync.core.events.EventCodec;
import io.rostersync.core.events.Topics;
import io.rostersync.core.kafka.PermanentFailureException;
import java.time.Clock;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Turns each {@link ConflictDetected} into an open {@link SyncConflict}, superseding older open conflicts on the
 * same record so the inbox shows one open conflict per record. Conflict ids are deterministic, so a
 * redelivered event (at-least-once) finds its twin and writes nothing. Failures are thrown, never swallowed: the
 * shared error handler retries Firestore hiccups and sends undecodable events to {@code sync.conflicts.DLT}.
 */
@Component
class ConflictIntake {

    private static final Logger log = LoggerFactory.getLogger(ConflictIntake.class);

    private final EventCodec codec;
    private final SyncConflicts conflicts;
    private final Clock clock;
    private final ConflictMetrics metrics;
    private final ConflictCounters counters;

    ConflictIntake(EventCodec codec, SyncConflicts conflicts, Clock clock, ConflictMetrics metrics, ConflictCounters counters) {
        this.codec = codec;
        this.conflicts = conflicts;
        this.clock = clock;
        this.metrics = metrics;
        this.counters = counters;
    }

    @KafkaListener(topics = Topics.SYNC_CONFLICTS, groupId = "${rostersync.kafka.group-id}")
    void onConflictDetected(ConsumerRecord<String, byte[]> record) {
        Envelope<ConflictDetected> envelope = codec.decode(record, ConflictDetected.class);
        ConflictDetected event = envelope.data();
        requireIds(envelope);
        try (var integration = MDC.putCloseable("integrationId", event.integrationId());
             var run = MDC.putCloseable("runId", event.runId())) {
            metrics.track(event.integrationId());
            switch (conflicts.openAndSupersede(toConflict(event))) {
                case CREATED -> {
                    counters.opened(event.integrationId());
                    log.info("Opened conflict {} on {} {} (event {}); older open ones on the record are superseded",
                        event.conflictId(), event.entityType().collection(), event.recordId(), envelope.id());
                }
                case CREATED_SUPERSEDED -> log.info("Stored conflict {} as superseded: a newer one on {} {} is open (event {})",
                        event.conflictId(), event.entityType().collection(), event.recordId(), envelope.id());
                case ALREADY_STORED -> log.info("Conflict {} already stored; redelivered event {} changed nothing",
                        event.conflictId(), envelope.id());
            }
        }
    }

    /** A conflict without its identity can never be stored; retrying would not help, so it goes to the DLT at once. */
    private static void requireIds(Envelope<ConflictDetected> envelope) {
        ConflictDetected event = envelope.data();
        if (blank(event.conflictId()) || blank(event.integrationId()) || blank(event.recordId()) || event.entityType() == null) {
            throw new PermanentFailureException("event " + envelope.id()
                    + " lacks conflictId, integrationId, entityType or recordId");
        }
    }

    private SyncConflict toConflict(ConflictDetected event) {
        Instant detectedAt = event.detectedAt() == null ? Instant.now(clock) : event.detectedAt();
        return new SyncConflict(event.conflictId(), event.integrationId(), event.entityType(), event.recordId(),
                event.runId(), SyncConflict.OPEN, event.base(), event.local(), event.remote(), event.fields(),
                null, null, detectedAt, null);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
