package io.rostersync.core.testsupport;

import static org.awaitility.Awaitility.await;

import io.rostersync.core.events.EventCodec;
import io.rostersync.core.events.RosterEvent;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Watches a topic from the moment it is opened (its own consumer group, latest offsets, partitions assigned
 * before {@link #open} returns) and hands out the RosterSync events that arrive, decoded.
 */
public final class TopicProbe implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final KafkaConsumer<String, byte[]> consumer;
    private final EventCodec codec = new EventCodec("/test/probe");
    private final Deque<ConsumerRecord<String, byte[]>> received = new ArrayDeque<>();

    private TopicProbe(String topic) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
        consumer.subscribe(List.of(topic));
        await().atMost(TIMEOUT).until(() -> {
            consumer.poll(Duration.ofMillis(100));
            return !consumer.assignment().isEmpty();
        });
    }

    public static TopicProbe open(String topic) {
        return new TopicProbe(topic);
    }

    /** The next event to arrive (waiting up to 30 s). */
    public RosterEvent next() {
        return codec.decode(nextRecord()).data();
    }

    /** The next record to arrive as it is on the topic, for records that are not RosterSync events (waiting up to 30 s). */
    public ConsumerRecord<String, byte[]> nextRecord() {
        await().atMost(TIMEOUT).until(() -> {
            if (received.isEmpty()) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
            return !received.isEmpty();
        });
        return received.poll();
    }

    public <T extends RosterEvent> T next(Class<T> type) {
        return type.cast(next());
    }

    @Override
    public void close() {
        consumer.close();
    }
}
