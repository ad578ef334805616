package io.rostersync.orchestrator.triggers;

import io.rostersync.core.events.Envelope;
import io.rostersync.core.events.EventCodec;
import io.rostersync.core.events.SisChangeEvent;
import io.rostersync.core.events.SyncRequested;
import io.rostersync.core.events.Topics;
import io.rostersync.core.roster.EntityType;
import io.rostersync.core.runs.Direction;
import io.rostersync.core.runs.RunType;
import io.rostersync.orchestrator.OrchestratorSettings;
import io.rostersync.orchestrator.runs.RunDispatcher;
import io.rostersync.orchestrator.runs.RunTrigger;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.MDC;
import org.springframework.kafka.annotation.KafkaListener;

/** Turns webhooks ({@code sis.changes}) and sync requests ({@code sync.requests}) into runs. */
class TriggerListener {

    private final EventCodec codec;
    private final RunDispatcher dispatcher;
    private final OrchestratorSettings settings;

    TriggerListener(EventCodec codec, RunDispatcher dispatcher, OrchestratorSettings settings) {
        this.codec = codec;
        this.dispatcher = dispatcher;
        this.settings = settings;
    }

    @KafkaListener(id = "orchestrator-sis-changes", topics = Topics.SIS_CHANGES, groupId = "${rostersync.kafka.group-id}")
    void onSisChange(ConsumerRecord<String, byte[]> record) {
        Envelope<SisChangeEvent> envelope = codec.decode(record, SisChangeEvent.class);
        SisChangeEvent change = envelope.data();
        withContext(change.integrationId(), envelope.id(), () -> {
            boolean targeted = change.entityType() != null && !change.ids().isEmpty() && change.ids().size() <= settings.targetedMaxIds();
            List<EntityType> types = change.entityType() == null ? List.of() : List.of(change.entityType());
            Map<EntityType, List<String>> targets = targeted ? Map.of(change.entityType(), change.ids()) : Map.of();
            dispatcher.trigger(new RunTrigger(envelope.id(), change.integrationId(), RunType.WEBHOOK, Direction.PULL, types,
                    targets, "webhook:" + change.webhookId(), null, 1,
                    change.receivedAt() != null ? change.receivedAt() : envelope.time()));
        });
    }

    @KafkaListener(id = "orchestrator-sync-requests", topics = Topics.SYNC_REQUESTS, groupId = "${rostersync.kafka.group-id}")
    void onSyncRequested(ConsumerRecord<String, byte[]> record) {
        Envelope<SyncRequested> envelope = codec.decode(record, SyncRequested.class);
        SyncRequested request = envelope.data();
        withContext(request.integrationId(), envelope.id(), () -> {
            dispatcher.trigger(new RunTrigger(envelope.id(), request.integrationId(), request.runType(), request.direction(),
                    request.entityTypes(), Map.of(), request.requestedBy(), request.mode()));
        });
    }

    private static void withContext(String integrationId, String eventId, Runnable work) {
        MDC.put("integrationId", integrationId);
        MDC.put("eventId", eventId);
        try {
            work.run();
        } finally {
            // Not clear(): the correlation id belongs to the container (CorrelationRecordInterceptor), which logs after us.
            MDC.remove("integrationId");
            MDC.remove("eventId");
        }
    }
}
