package io.rostersync.orchestrator.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rostersync.core.events.Envelope;
import io.rostersync.core.events.EventCodec;
import io.rostersync.core.events.PullCommand;
import io.rostersync.core.events.RosterEvent;
import io.rostersync.core.events.SyncRecordsMessage;
import io.rostersync.core.events.Topics;
import io.rostersync.core.kafka.EventPublisher;
import io.rostersync.core.testsupport.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Plays the OneRoster connector's part: reads the orchestrator's commands and answers on {@code sync.records}. */
public final class ConnectorDouble implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> commands;
    private final EventCodec codec;
    private final EventPublisher publisher;

    public ConnectorDouble(EventCodec codec, EventPublisher publisher) {
        this.codec = codec;
        this.publisher = publisher;
        commands = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
        commands.subscribe(List.of(Topics.ONEROSTER_COMMANDS));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            commands.poll(Duration.ofMillis(100));
            return !commands.assignment().isEmpty();
        });
        // "latest" is only resolved at the first position lookup: without this, a command sent right away may land
        // before that position and never be seen.
        commands.assignment().forEach(commands::position);
    }

    /** Waits for exactly one pull command. */
    public PullCommand awaitCommand() {
        List<PullCommand> received = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (ConsumerRecord<String, byte[]> record : commands.poll(Duration.ofMillis(200))) {
                Envelope<RosterEvent> envelope = codec.decode(record);
                received.add((PullCommand) envelope.data());
            }
            return !received.isEmpty();
        });
        assertThat(received).hasSize(1);
        return received.get(0);
    }

    /** Commands that arrived since the last look, without waiting for any. */
    public List<PullCommand> drain() {
        List<PullCommand> received = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : commands.poll(Duration.ofMillis(500))) {
            received.add((PullCommand) codec.decode(record).data());
        }
        return received;
    }

    public void send(SyncRecordsMessage message) {
        publisher.publishAndWait(Topics.SYNC_RECORDS, message.runId(), UUID.randomUUID().toString(), message.runId(), message);
    }

    @Override
    public void close() {
        commands.close();
    }
}
