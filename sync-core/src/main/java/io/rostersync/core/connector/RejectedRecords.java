package io.rostersync.core.connector;

import io.rostersync.core.correlation.CorrelationId;
import io.rostersync.core.events.CloudEventHeaders;
import io.rostersync.core.events.EventCodec;
import io.rostersync.core.events.PullCommand;
import io.rostersync.core.events.Topics;
import io.rostersync.core.kafka.EventPublisher;
import io.rostersync.core.kafka.KafkaEventsConfiguration;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * Dead-letters the records a connector rejected to {@code sync.records.DLT}, where the dead-letter service stores
 * them like every other dead letter: keyed by integration id, the SIS's JSON as the value, and the failure headers
 * Spring Kafka's recoverer writes ({@code kafka_dlt-original-topic}, {@code kafka_dlt-exception-fqcn} and
 * {@code -message}) plus ours ({@code rostersync-dlt-reason}, {@code -attempts}, {@code -failed-at}).
 *
 * <p>The original partition and offset are left out on purpose: the record never was on {@code sync.records}, and
 * without them the dead-letter service keys each letter by its own DLT coordinates, so two rejected records of one
 * run are two letters. The exception class is {@link RejectedRecordException}, a permanent failure, so nothing
 * retries it automatically; a replay cannot help either (ce_type {@value #CE_TYPE} has no consumer): the fix belongs
 * in the SIS, and the next pull reads the corrected record.
 */
public class RejectedRecords {

    /** CloudEvents type of a rejected record's dead letter; the value is the record as the SIS sent it. */
    public static final String CE_TYPE = "rostersync.rejected-record.v1";
    public static final String RUN_ID_HEADER = "rostersync-run-id";
    public static final String ENTITY_TYPE_HEADER = "rostersync-entity-type";
    public static final String SOURCED_ID_HEADER = "rostersync-sourced-id";

    private final KafkaTemplate<String, byte[]> template;
    private final String source;
    private final Duration ackTimeout;
    private final Clock clock;

    /**
     * @param source the CloudEvents source of this service, e.g. {@code /rostersync/connector-oneroster}
     * @param ackTimeout how long {@link #await} waits for the broker
     */
    public RejectedRecords(KafkaTemplate<String, byte[]> template, String source, Duration ackTimeout, Clock clock) {
        this.template = template;
        this.source = source;
        this.ackTimeout = ackTimeout;
        this.clock = clock;
    }

    /**
     * Sends one dead letter; {@link #await} the result before publishing the batch that counts it.
     *
     * @param ordinal the record's number among the run's rejected records, for an id when the record has none
     */
    public CompletableFuture<?> publish(PullCommand command, RejectedRecord rejected, long ordinal) {
        String collection = rejected.entityType().collection();
        String reason = collection + " record " + (rejected.sourcedId() == null ? "without sourcedId" : rejected.sourcedId())
                + " " + rejected.reason();
        String eventId = command.runId() + "/rejected/" + collection + "/"
                + (rejected.sourcedId() == null ? "#" + ordinal : rejected.sourcedId());
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.deadLetterOf(Topics.SYNC_RECORDS), command.integrationId(),
                rejected.raw() == null ? null : rejected.raw().getBytes(StandardCharsets.UTF_8));
        Headers headers = record.headers();
        add(headers, CloudEventHeaders.SPEC_VERSION, EventCodec.SPEC_VERSION);
        add(headers, CloudEventHeaders.ID, eventId);
        add(headers, CloudEventHeaders.TYPE, CE_TYPE);
        add(headers, CloudEventHeaders.SOURCE, source);
        add(headers, CloudEventHeaders.TIME, clock.instant().toString());
        add(headers, CloudEventHeaders.SUBJECT, command.runId());
        add(headers, CloudEventHeaders.CONTENT_TYPE, "application/json");
        add(headers, RUN_ID_HEADER, command.runId());
        add(headers, ENTITY_TYPE_HEADER, collection);
        if (rejected.sourcedId() != null) {
            add(headers, SOURCED_ID_HEADER, rejected.sourcedId());
        }
        add(headers, KafkaHeaders.DLT_ORIGINAL_TOPIC, Topics.SYNC_RECORDS);
        add(headers, KafkaHeaders.DLT_EXCEPTION_FQCN, RejectedRecordException.class.getName());
        add(headers, KafkaHeaders.DLT_EXCEPTION_MESSAGE, reason);
        add(headers, KafkaEventsConfiguration.REASON_HEADER, reason);
        add(headers, KafkaEventsConfiguration.ATTEMPTS_HEADER, "1");
        add(headers, KafkaEventsConfiguration.FAILED_AT_HEADER, clock.instant().toString());
        // Built here, not by EventCodec: the dead letter joins the correlation chain of the pull that rejected it.
        CorrelationId.stamp(headers);
        try {
            return template.send(record);
        } catch (RuntimeException e) {
            throw new EventPublisher.EventPublishException("Kafka did not take the rejected record " + eventId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Waits until the broker has every dead letter sent, at most the ack timeout in all.
     *
     * @throws EventPublisher.EventPublishException when it does not acknowledge them in time or refuses one, so that
     *     the command is redelivered and no rejected record is lost
     */
    public void await(List<CompletableFuture<?>> sent) {
        if (sent.isEmpty()) {
            return;
        }
        String topic = Topics.deadLetterOf(Topics.SYNC_RECORDS);
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(ackTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventPublisher.EventPublishException("interrupted while dead-lettering rejected records to " + topic, e);
        } catch (ExecutionException e) {
            throw new EventPublisher.EventPublishException("Kafka refused a rejected record on " + topic + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new EventPublisher.EventPublishException("Kafka did not acknowledge the rejected records on " + topic
                    + " within " + ackTimeout, e);
        }
    }

    private static void add(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
