package io.rostersync.orchestrator.apply;

import io.rostersync.core.events.Envelope;
import io.rostersync.core.events.EventCodec;
import io.rostersync.core.events.PullCompleted;
import io.rostersync.core.events.PullFailed;
import io.rostersync.core.events.PushResult;
import io.rostersync.core.events.RecordBatch;
import io.rostersync.core.events.SyncRecordsMessage;
import io.rostersync.core.events.Topics;
import io.rostersync.core.runs.SyncRun;
import io.rostersync.orchestrator.holds.MassChangeGuard;
import io.rostersync.orchestrator.reconciliation.ReconciliationCollector;
import io.rostersync.orchestrator.reconciliation.Reconciliations;
import io.rostersync.orchestrator.runs.RunDispatcher;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.MDC;
import org.springframework.kafka.annotation.KafkaListener;

/** Applies what connectors send back on {@code sync.records}, in order per run (the topic is keyed by runId). */
class SyncRecordsListener {

    private final EventCodec codec;
    private final BatchApplier applier;
    private final RunCompletion completion;
    private final RunDispatcher dispatcher;
    private final io.rostersync.orchestrator.push.PushRuns pushRuns;
    private final MassChangeGuard guard;
    private final ReconciliationCollector reconciliation;
    private final ExpiredCursors expiredCursors;

    SyncRecordsListener(EventCodec codec, BatchApplier applier, RunCompletion completion, RunDispatcher dispatcher,
                        io.rostersync.orchestrator.push.PushRuns pushRuns, MassChangeGuard guard,
                        ReconciliationCollector reconciliation, ExpiredCursors expiredCursors) {
        this.codec = codec;
        this.expiredCursors = expiredCursors;
        this.reconciliation = reconciliation;
        this.guard = guard;
        this.applier = applier;
        this.completion = completion;
        this.dispatcher = dispatcher;
        this.pushRuns = pushRuns;
    }

    /** A guarded run applies what it staged only when the guard lets it; a held run ends nothing (its follow-up waits). */
    private Optional<SyncRun> complete(PullCompleted done) {
        if (guard.decisionFor(done.runId()).staged()) {
            switch (guard.evaluate(done)) {
                case HELD, ENDED -> {
                    return Optional.empty();
                }
                case APPLY -> applier.applyStaged(done.runId());
                case INCOMPLETE -> {
                    // The completion fails the run for its missing batches; nothing staged is applied.
                }
            }
        }
        return completion.completed(done);
    }

    @KafkaListener(id = "orchestrator-sync-records", topics = Topics.SYNC_RECORDS, groupId = "${rostersync.kafka.group-id}")
    void onMessage(ConsumerRecord<String, byte[]> record) {
        Envelope<SyncRecordsMessage> envelope = codec.decode(record, SyncRecordsMessage.class);
        SyncRecordsMessage message = envelope.data();
        MDC.put("integrationId", message.integrationId());
        MDC.put("runId", message.runId());
        MDC.put("eventId", envelope.id());
        try {
            if (Reconciliations.owns(message.runId())) {
                // A reconciliation's read of the SIS: compared with Firestore, never applied.
                reconciliation.handle(message);
                return;
            }
            Optional<SyncRun> ended = Optional.empty();
            if (message instanceof RecordBatch batch) {
                completion.reopenIfResumable(batch.runId());
                if (guard.decisionFor(batch.runId()).staged()) {
                    applier.stage(batch);
                } else {
                    applier.apply(batch);
                }
            } else if (message instanceof PullCompleted done) {
                completion.reopenIfResumable(done.runId());
                ended = complete(done);
            } else if (message instanceof PullFailed failed) {
                ended = completion.failed(failed);
                if (ExpiredCursors.expired(failed)) {
                    // Also on a redelivery (the run already failed): the trigger id makes the resync happen once.
                    expiredCursors.resync(failed);
                }
            } else if (message instanceof PushResult result) {
                ended = pushRuns.apply(result);
            }
            ended.ifPresent(run -> dispatcher.startFollowUp(run.integrationId(), run.direction()));
        } finally {
            // Not clear(): the correlation id belongs to the container (CorrelationRecordInterceptor), which logs after us.
            MDC.remove("integrationId");
            MDC.remove("runId");
            MDC.remove("eventId");
        }
    }
}
