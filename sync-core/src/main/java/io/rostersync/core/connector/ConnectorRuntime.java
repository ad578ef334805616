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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs a {@link Connector} for commands from Kafka: streams each pulled page to {@code sync.records} as a
 * numbered {@link RecordBatch}, then ends the pull with {@link PullCompleted} or {@link PullFailed}.
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
    private final java.util.function.BiConsumer<ConsumerRecord<?, ?>, Exception> deadLetters;

    /**
     * @param deadLetters where a command goes when its pull failed for a passing reason (the shared DLT recoverer),
     *     so that it can be replayed once the SIS is back
     */
    public ConnectorRuntime(Connector connector, EventCodec codec, EventPublisher publisher,
                            java.util.function.BiConsumer<ConsumerRecord<?, ?>, Exception> deadLetters) {
        this.connector = connector;
        this.codec = codec;
        this.publisher = publisher;
        this.deadLetters = deadLetters;
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
            MDC.clear();
        }
    }

    private void pull(PullCommand command, ConsumerRecord<String, byte[]> record) {
        long[] seq = {0};
        PullOutcome outcome;
        try {
            log.info("pull started: mode={} entityTypes={}", command.mode(), command.entityTypes());
            outcome = connector.pull(command, (entityType, records, deletes, failed) -> {
                seq[0]++;
                RecordBatch batch = new RecordBatch(command.runId(), command.integrationId(), seq[0], entityType, records, deletes, failed);
                publisher.publishAndWait(Topics.SYNC_RECORDS, command.runId(), command.runId() + "/batch/" + seq[0],
                        command.runId(), batch);
            });
        } catch (EventPublisher.EventPublishException e) {
            throw e;
        } catch (ConnectorException e) {
            log.warn("pull failed after {} batches: [{}] {}", seq[0], e.errorClass(), e.getMessage());
            fail(command, e.getMessage(), e.errorClass(), seq[0]);
            if (e.transientFailure()) {
                // The run fails now with the reason; the command waits in the DLT, and a replay (automatic or an
                // operator's Retry) pulls again under the same run id, which the orchestrator reopens.
                deadLetters.accept(record, new TransientPullFailureException(e.errorClass(), e.getMessage()));
            }
            return;
        } catch (RuntimeException e) {
            log.error("pull failed unexpectedly after {} batches", seq[0], e);
            fail(command, "connector error: " + e.getClass().getSimpleName() + ": " + e.getMessage(), "internal", seq[0]);
            return;
        }
        publisher.publishAndWait(Topics.SYNC_RECORDS, command.runId(), command.runId() + "/completed", command.runId(),
                new PullCompleted(command.runId(), command.integrationId(), seq[0], outcome.cursorAfter(), outcome.completeSnapshots()));
        log.info("pull completed: {} batches", seq[0]);
    }

    private void fail(PullCommand command, String reason, String errorClass, long batches) {
        publisher.publishAndWait(Topics.SYNC_RECORDS, command.runId(), command.runId() + "/failed", command.runId(),
                new PullFailed(command.runId(), command.integrationId(), reason, errorClass, batches));
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
