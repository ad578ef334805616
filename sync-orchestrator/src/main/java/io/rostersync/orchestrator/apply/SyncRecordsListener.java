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

    SyncRecordsListener(EventCodec codec, BatchApplier applier, RunCompletion completion, RunDispatcher dispatcher,
                        io.rostersync.orchestrator.push.PushRuns pushRuns) {
        this.codec = codec;
        this.applier = applier;
        this.completion = completion;
        this.dispatcher = dispatcher;
        this.pushRuns = pushRuns;
    }

    @KafkaListener(id = "orchestrator-sync-records", topics = Topics.SYNC_RECORDS, groupId = "${rostersync.kafka.group-id}")
    void onMessage(ConsumerRecord<String, byte[]> record) {
        Envelope<SyncRecordsMessage> envelope = codec.decode(record, SyncRecordsMessage.class);
        SyncRecordsMessage message = envelope.data();
        MDC.put("integrationId", message.integrationId());
        MDC.put("runId", message.runId());
        MDC.put("eventId", envelope.id());
        try {
            Optional<SyncRun> ended = Optional.empty();
            if (message instanceof RecordBatch batch) {
                completion.reopenIfResumable(batch.runId());
                applier.apply(batch);
            } else if (message instanceof PullCompleted done) {
                completion.reopenIfResumable(done.runId());
                ended = completion.completed(done);
            } else if (message instanceof PullFailed failed) {
                ended = completion.failed(failed);
            } else if (message instanceof PushResult result) {
                ended = pushRuns.apply(result);
            }
            ended.ifPresent(run -> dispatcher.startFollowUp(run.integrationId(), run.direction()));
        } finally {
            MDC.clear();
        }
    }
}
