package io.rostersync.core.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.core.correlation.CorrelationId;
import io.rostersync.core.events.ConnectionSettings;
import io.rostersync.core.events.EventCodec;
import io.rostersync.core.events.PullCommand;
import io.rostersync.core.events.PullCompleted;
import io.rostersync.core.events.PullMode;
import io.rostersync.core.events.PushCommand;
import io.rostersync.core.events.PushResult;
import io.rostersync.core.events.RecordBatch;
import io.rostersync.core.events.Topics;
import io.rostersync.core.kafka.EventPublisher;
import io.rostersync.core.kafka.KafkaEventsConfiguration;
import io.rostersync.core.roster.EntityType;
import io.rostersync.core.roster.RecordStatus;
import io.rostersync.core.roster.RosterRecord;
import io.rostersync.core.testsupport.KafkaBroker;
import io.rostersync.core.testsupport.TopicProbe;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;

/** The runtime with the real broker: rejected records reach sync.records.DLT before their batch, and PullCompleted counts them. */
class ConnectorRuntimeIntegrationTest {

    private static final DefaultKafkaProducerFactory<String, byte[]> producers = new DefaultKafkaProducerFactory<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers(),
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    private static final KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(producers);
    private final EventCodec codec = new EventCodec("/rostersync/test-connector");
    private final EventPublisher publisher = new EventPublisher(template, codec);

    @AfterAll
    static void close() {
        producers.destroy();
    }

    /** A connector whose one page holds a valid user, and rejects a second one without a sourcedId. */
    private static final class OneGoodOneBad implements Connector {
        @Override
        public ConnectorCapabilities capabilities() {
            return new ConnectorCapabilities(List.of(EntityType.USERS).stream().collect(java.util.stream.Collectors.toSet()),
                    java.util.Set.of(PullMode.FULL), false);
        }

        @Override
        public PullOutcome pull(PullCommand command, BatchSink sink) {
            sink.reject(new RejectedRecord(EntityType.USERS, "usr-bad", "has no valid role ('wizard')",
                    "{\"sourcedId\":\"usr-bad\",\"roles\":[{\"role\":\"wizard\"}]}"));
            sink.reject(new RejectedRecord(EntityType.USERS, null, "has no sourcedId", "{\"givenName\":\"x\"}"));
            RosterRecord good = new RosterRecord(EntityType.USERS, "usr-good", RecordStatus.ACTIVE, Instant.parse("2026-11-01T00:00:00Z"),
                    null, Map.of("givenName", "G"));
            sink.accept(EntityType.USERS, List.of(good), List.of(), 2);
            return new PullOutcome(Map.of(EntityType.USERS, "2026-11-01T00:00:00.000Z"), List.of(EntityType.USERS));
        }

        @Override
        public PushResult push(PushCommand command) {
            throw new ConnectorException("unsupported", "no push");
        }

        @Override
        public ConnectionCheck check(ConnectionSettings connection) {
            return new ConnectionCheck(true, true, "ok", Map.of());
        }
    }

    @Test
    void rejectedRecordsAreDeadLetteredWithTheReasonAndCountedInTheBatchAndTheCompletion() {
        String runId = "run-" + UUID.randomUUID();
        RejectedRecords rejected = new RejectedRecords(template, "/rostersync/test-connector", Duration.ofSeconds(30), Clock.systemUTC());
        ConnectorRuntime runtime = new ConnectorRuntime(new OneGoodOneBad(), codec, publisher, (record, e) -> {
        }, rejected);
        PullCommand command = new PullCommand(runId, "int-7", null, PullMode.FULL, List.of(EntityType.USERS), Map.of(), Map.of());

        try (TopicProbe records = TopicProbe.open(Topics.SYNC_RECORDS);
             TopicProbe dlt = TopicProbe.open(Topics.deadLetterOf(Topics.SYNC_RECORDS))) {
            // As the listener container does for a command that carries a correlation id.
            try (CorrelationId.Scope correlation = CorrelationId.open("webhook-event-7")) {
                runtime.handle(asConsumed(codec.encode(Topics.ONEROSTER_COMMANDS, "int-7", runId + "/pull", runId, command)));
            }

            RecordBatch batch = records.next(RecordBatch.class);
            assertThat(batch.failedRecords()).isEqualTo(2);
            assertThat(batch.records()).extracting(RosterRecord::sourcedId).containsExactly("usr-good");
            PullCompleted completed = records.next(PullCompleted.class);
            assertThat(completed.failedRecords()).isEqualTo(2);
            assertThat(completed.batchCount()).isEqualTo(1);

            ConsumerRecord<String, byte[]> first = dlt.nextRecord();
            ConsumerRecord<String, byte[]> second = dlt.nextRecord();
            assertThat(first.key()).as("keyed by integration, as the dead-letter service files it").isEqualTo("int-7");
            assertThat(new String(first.value(), StandardCharsets.UTF_8)).contains("\"wizard\"");
            assertThat(header(first, KafkaEventsConfiguration.REASON_HEADER))
                    .isEqualTo("users record usr-bad has no valid role ('wizard')");
            assertThat(header(first, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(Topics.SYNC_RECORDS);
            assertThat(header(first, CorrelationId.HEADER)).as("the rejected record's dead letter joins its run's chain")
                    .isEqualTo("webhook-event-7");
            assertThat(header(second, CorrelationId.HEADER)).isEqualTo("webhook-event-7");
            assertThat(header(first, KafkaHeaders.DLT_EXCEPTION_FQCN)).isEqualTo(RejectedRecordException.class.getName());
            assertThat(header(first, "ce_id")).isEqualTo(runId + "/rejected/users/usr-bad");
            assertThat(header(first, "ce_type")).isEqualTo(RejectedRecords.CE_TYPE);
            assertThat(header(first, RejectedRecords.RUN_ID_HEADER)).isEqualTo(runId);
            assertThat(first.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET))
                    .as("no original offset, so each rejected record is its own dead letter").isNull();
            assertThat(header(second, "ce_id")).isEqualTo(runId + "/rejected/users/#2");
            assertThat(header(second, KafkaEventsConfiguration.REASON_HEADER)).isEqualTo("users record without sourcedId has no sourcedId");
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static ConsumerRecord<String, byte[]> asConsumed(ProducerRecord<String, byte[]> record) {
        ConsumerRecord<String, byte[]> consumed = new ConsumerRecord<>(record.topic(), 0, 0, record.key(), record.value());
        record.headers().forEach(h -> consumed.headers().add(h));
        return consumed;
    }
}
