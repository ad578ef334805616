package io.rostersync.core.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every v1 message has a golden JSON sample in {@code src/test/resources/golden}. Regenerate them after an
 * intended contract change with {@code -Dgolden.update=true}, and review the diff.
 */
class EventContractsTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private final EventCodec codec = new EventCodec("/rostersync/test");
    private final JsonMapper json = codec.json();

    @Test
    void everyEventTypeHasASample() {
        assertThat(EventSamples.all().keySet()).containsExactlyInAnyOrder(EventType.values());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void sampleMatchesGoldenJsonAndRoundTrips(EventType type) throws IOException {
        RosterEvent sample = EventSamples.all().get(type);
        Path file = GOLDEN.resolve(type.ceType() + ".json");
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(sample) + "\n");
        }
        String golden = Files.readString(file, StandardCharsets.UTF_8);

        assertThat(json.readTree(json.writeValueAsString(sample))).isEqualTo(json.readTree(golden));
        RosterEvent parsed = json.readValue(golden, type.payload());
        assertThat(parsed).isEqualTo(sample);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void survivesTheKafkaEnvelope(EventType type) {
        RosterEvent sample = EventSamples.all().get(type);
        ConsumerRecord<String, byte[]> received = asReceived(codec.encode("t", sample.integrationId(), "run-1", sample));

        Envelope<RosterEvent> envelope = codec.decode(received);

        assertThat(envelope.type()).isEqualTo(type);
        assertThat(envelope.data()).isEqualTo(sample);
        assertThat(envelope.subject()).isEqualTo("run-1");
        assertThat(envelope.source()).isEqualTo("/rostersync/test");
        assertThat(envelope.id()).isNotBlank();
    }

    @Test
    void unknownFieldsAreIgnored() {
        RosterEvent sample = EventSamples.all().get(EventType.PULL_FAILED);
        ObjectNode node = (ObjectNode) json.valueToTree(sample);
        node.put("addedInALaterMinorVersion", "x");
        ProducerRecord<String, byte[]> record = codec.encode("t", "k", null, sample);
        ConsumerRecord<String, byte[]> received = new ConsumerRecord<>("t", 0, 0, "k", json.writeValueAsBytes(node));
        record.headers().forEach(h -> received.headers().add(h));

        assertThat(codec.decode(received).data()).isEqualTo(sample);
    }

    @Test
    void aPullCompletedFromBeforeFailedRecordsReadsAsNoneFailed() {
        ObjectNode node = (ObjectNode) json.valueToTree(EventSamples.all().get(EventType.PULL_COMPLETED));
        node.remove("failedRecords");
        node.remove("failedEntityTypes");
        ProducerRecord<String, byte[]> record = codec.encode("t", "k", null, EventSamples.all().get(EventType.PULL_COMPLETED));
        ConsumerRecord<String, byte[]> received = new ConsumerRecord<>("t", 0, 0, "k", json.writeValueAsBytes(node));
        record.headers().forEach(h -> received.headers().add(h));

        assertThat(codec.decode(received).data()).isInstanceOfSatisfying(PullCompleted.class, completed -> {
            assertThat(completed.failedRecords()).isZero();
            assertThat(completed.failedEntityTypes()).isEmpty();
            assertThat(completed.batchCount()).isEqualTo(3);
        });
    }

    @Test
    void anotherMajorVersionIsRejected() {
        ConsumerRecord<String, byte[]> received = asReceived(codec.encode("t", "k", null, EventSamples.all().get(EventType.PULL_FAILED)));
        received.headers().remove(CloudEventHeaders.TYPE);
        received.headers().add(CloudEventHeaders.TYPE, "rostersync.pull-failed.v2".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> codec.decode(received)).isInstanceOf(UnsupportedEventException.class)
                .hasMessageContaining("unsupported major version");
    }

    @Test
    void unreadableDataIsRejectedWithTheReason() {
        ConsumerRecord<String, byte[]> received = asReceived(codec.encode("t", "k", null, EventSamples.all().get(EventType.RECORD_BATCH)));
        ConsumerRecord<String, byte[]> broken = new ConsumerRecord<>("t", 0, 0, "k", "{not json".getBytes(StandardCharsets.UTF_8));
        received.headers().forEach(h -> broken.headers().add(h));

        assertThatThrownBy(() -> codec.decode(broken)).isInstanceOf(UnsupportedEventException.class)
                .hasMessageContaining("is not a valid rostersync.record-batch.v1");
    }

    @Test
    void anEventOnTheWrongTopicIsRejected() {
        ConsumerRecord<String, byte[]> received = asReceived(codec.encode("sync.records", "k", null, EventSamples.all().get(EventType.SIS_CHANGE)));

        assertThatThrownBy(() -> codec.decode(received, SyncRecordsMessage.class)).isInstanceOf(UnsupportedEventException.class)
                .hasMessageContaining("does not belong on topic sync.records");
    }

    @Test
    void goldenFilesUseTheDocumentedWireNames() throws IOException {
        JsonNode pull = json.readTree(Files.readString(GOLDEN.resolve("rostersync.pull-command.v1.json")));
        assertThat(pull.get("mode").asString()).isEqualTo("incremental");
        assertThat(pull.get("cursors").has("users")).isTrue();
        assertThat(Arrays.stream(EventType.values()).map(EventType::ceType))
                .allMatch(t -> t.matches("rostersync\\.[a-z-]+\\.v1"));
    }

    private static ConsumerRecord<String, byte[]> asReceived(ProducerRecord<String, byte[]> record) {
        ConsumerRecord<String, byte[]> received = new ConsumerRecord<>(record.topic(), 0, 0, record.key(), record.value());
        record.headers().forEach(h -> received.headers().add(h));
        return received;
    }
}
