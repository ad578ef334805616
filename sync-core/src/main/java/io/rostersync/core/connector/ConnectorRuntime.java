package io.rostersync.core.connector;

import io.rostersync.core.events.ConnectorCommand;
import io.rostersync.core.events.Envelope;
import io.rostersync.core.events.EventCodec;
import io.rostersync.core.events.PullCommand;
import io.rostersync.core.events.PullCompleted;
import io.rostersync.core.events.PullFailed;
import io.rostersync.core.events.PushCommand;
import io.rostersync.core.events.PushResult;
import io.rostersync.core.events.RecordBatch;
import io.rostersync.core.events.Topics;
import io.rostersync.core.kafka.EventPublisher;
import io.rostersync.core.roster.EntityType;
import io.rostersync.core.roster.RosterRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs a {@link Connector} for commands from Kafka: streams each pulled page to {@code sync.records} as a
 * numbered {@link RecordBatch}, dead-letters the records the connector rejected (see {@link RejectedRecords}), then
 * ends the pull with {@link PullCompleted} (with the number of rejected records) or {@link PullFailed}.
 *
 * <p>A connector failure ends the run (PullFailed) rather than retrying the command, because a retried
 * command would repeat every batch already sent. A broker failure while publishing is rethrown so that the
 * command is redelivered: batch numbers are the same on the repeat and the orchestrator skips the ones it
 * has applied.
 */
public class ConnectorRuntime {

    private static final Logger log = LoggerFactory.getLogger(ConnectorRuntime.class);

    private final Connector connector;
    private final EventCodec codec;
    private final EventPublisher publisher;
    private final BiConsumer<ConsumerRecord<?, ?>, Exception> deadLetters;
    private final RejectedRecords rejectedRecords;

    /**
     * A runtime whose connector never rejects records (a rejected record fails the pull as an internal error).
     *
     * @see #ConnectorRuntime(Connector, EventCodec, EventPublisher, BiConsumer, RejectedRecords)
     */
    public ConnectorRuntime(Connector connector, EventCodec codec, EventPublisher publisher,
                            BiConsumer<ConsumerRecord<?, ?>, Exception> deadLetters) {
        this(connector, codec, publisher, deadLetters, null);
    }

    /**
     * @param deadLetters where a command goes when its pull failed for a passing reason (the shared DLT recoverer),
     *     so that it can be replayed once the SIS is back
     * @param rejectedRecords where records the connector could not normalize go, with the reason
     */
    public ConnectorRuntime(Connector connector, EventCodec codec, EventPublisher publisher,
                            BiConsumer<ConsumerRecord<?, ?>, Exception> deadLetters, RejectedRecords rejectedRecords) {
        this.connector = connector;
        this.codec = codec;
        this.publisher = publisher;
        this.deadLetters = deadLetters;
        this.rejectedRecords = rejectedRecords;
    }

    public void handle(ConsumerRecord<String, byte[]> record) {
        Envelope<ConnectorCommand> envelope = codec.decode(record, ConnectorCommand.class);
        ConnectorCommand command = envelope.data();
        MDC.put("integrationId", command.integrationId());
        MDC.put("runId", command.runId());
        MDC.put("eventId", envelope.id());
        try {
            if (command instanceof PullCommand pull) {
                pull(pull, record);
            } else if (command instanceof PushCommand push) {
                push(push);
            }
        } finally {
            // Not clear(): the correlation id belongs to the container (CorrelationRecordInterceptor), which logs after us.
            MDC.remove("integrationId");
            MDC.remove("runId");
            MDC.remove("eventId");
        }
    }

    private void pull(PullCommand command, ConsumerRecord<String, byte[]> record) {
        RunSink sink = new RunSink(command);
        PullOutcome outcome;
        try {
            log.info("pull started: mode={} entityTypes={}", command.mode(), command.entityTypes());
            outcome = connector.pull(command, sink);
            // Records rejected after the last page must be on the DLT before the run completes too.
            sink.awaitRejects();
        } catch (EventPublisher.EventPublishException e) {
            throw e;
        } catch (ConnectorException e) {
            log.warn("pull failed after {} batches: [{}] {}", sink.seq, e.errorClass(), e.getMessage());
            // Records rejected before the failure stay rejected: their dead letters must not be lost with the run.
            sink.awaitRejects();
            fail(command, e.getMessage(), e.errorClass(), sink.seq);
            if (e.transientFailure()) {
                // The run fails now with the reason; the command waits in the DLT, and a replay (automatic or an
                // operator's Retry) pulls again under the same run id, which the orchestrator reopens.
                deadLetters.accept(record, new TransientPullFailureException(e.errorClass(), e.getMessage()));
            }
            return;
        } catch (RuntimeException e) {
            log.error("pull failed unexpectedly after {} batches", sink.seq, e);
            fail(command, "connector error: " + e.getClass().getSimpleName() + ": " + e.getMessage(), "internal", sink.seq);
            return;
        }
        publisher.publishAndWait(Topics.SYNC_RECORDS, command.runId(), command.runId() + "/completed", command.runId(),
                new PullCompleted(command.runId(), command.integrationId(), sink.seq, outcome.cursorAfter(),
                        outcome.completeSnapshots(), sink.failedRecords));
        log.info("pull completed: {} batches, {} records rejected", sink.seq, sink.failedRecords);
    }

    private void fail(PullCommand command, String reason, String errorClass, long batches) {
        publisher.publishAndWait(Topics.SYNC_RECORDS, command.runId(), command.runId() + "/failed", command.runId(),
                new PullFailed(command.runId(), command.integrationId(), reason, errorClass, batches));
    }

    private RejectedRecords rejectedRecords() {
        if (rejectedRecords == null) {
            throw new IllegalStateException("this connector runtime was built without a place for rejected records");
        }
        return rejectedRecords;
    }

    /** One pull's sink: numbers the batches, counts failed records and dead-letters rejected ones before their batch. */
    private final class RunSink implements BatchSink {

        private final PullCommand command;
        private final List<CompletableFuture<?>> rejects = new ArrayList<>();
        private long seq;
        private long failedRecords;
        private long rejected;

        RunSink(PullCommand command) {
            this.command = command;
        }

        @Override
        public void reject(RejectedRecord record) {
            rejected++;
            log.warn("rejected {} record {}: it {}", record.entityType().collection(),
                    record.sourcedId() == null ? "(no sourcedId)" : record.sourcedId(), record.reason());
            rejects.add(rejectedRecords().publish(command, record, rejected));
        }

        @Override
        public void accept(EntityType entityType, List<RosterRecord> records, List<String> deletes, int failed) {
            // The batch says its failed records are already dead-lettered: make that true before it is published.
            awaitRejects();
            seq++;
            failedRecords += failed;
            RecordBatch batch = new RecordBatch(command.runId(), command.integrationId(), seq, entityType, records, deletes, failed);
            publisher.publishAndWait(Topics.SYNC_RECORDS, command.runId(), command.runId() + "/batch/" + seq, command.runId(), batch);
        }

        List<CompletableFuture<?>> pendingRejects() {
            List<CompletableFuture<?>> pending = List.copyOf(rejects);
            rejects.clear();
            return pending;
        }

        private void awaitRejects() {
            if (!rejects.isEmpty()) {
                rejectedRecords().await(pendingRejects());
            }
        }
    }

    private void push(PushCommand command) {
        PushResult result;
        try {
            result = connector.push(command);
        } catch (ConnectorException e) {
            result = new PushResult(command.runId(), command.integrationId(), command.changes().stream()
                    .map(c -> new PushResult.ChangeOutcome(c.changeId(), c.sourcedId(), PushResult.Status.FAILED, null, null,
                            e.getMessage()))
                    .toList());
        }
        publisher.publishAndWait(Topics.SYNC_RECORDS, command.runId(), command.runId() + "/push-result", command.runId(), result);
    }
}
