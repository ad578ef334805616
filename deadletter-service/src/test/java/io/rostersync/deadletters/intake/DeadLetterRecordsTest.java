package io.rostersync.deadletters.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.core.correlation.CorrelationId;
import io.rostersync.core.deadletters.SyncDeadLetter;
import io.rostersync.core.events.EventCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.KafkaHeaders;

class DeadLetterRecordsTest {

    private static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");

    @Test
    void theIdComesFromTheOriginalCoordinatesInSpringKafkasBinaryEncoding() {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("sync.records.DLT", 1, 99, "run-1", new byte[] {1});
        record.headers()
                .add(KafkaHeaders.DLT_ORIGINAL_TOPIC, "sync.records".getBytes(StandardCharsets.UTF_8))
                .add(KafkaHeaders.DLT_ORIGINAL_PARTITION, ByteBuffer.allocate(4).putInt(3).array())
                .add(KafkaHeaders.DLT_ORIGINAL_OFFSET, ByteBuffer.allocate(8).putLong(4_000_000_000L).array());

        SyncDeadLetter letter = DeadLetterRecords.toDeadLetter(record, NOW);

        assertThat(letter.id()).isEqualTo("sync.records-3-4000000000");
        assertThat(letter.originalPartition()).isEqualTo(3);
        assertThat(letter.originalOffset()).isEqualTo(4_000_000_000L);
        assertThat(letter.headers()).containsEntry(KafkaHeaders.DLT_ORIGINAL_PARTITION, "3")
                .containsEntry(KafkaHeaders.DLT_ORIGINAL_OFFSET, "4000000000");
        assertThat(letter.status()).isEqualTo(SyncDeadLetter.PENDING);
        assertThat(letter.receivedAt()).isEqualTo(NOW);
    }

    @Test
    void aRecordWithoutOriginalCoordinatesIsKeyedByItsOwn() {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("sis.changes.DLT", 0, 12, "int-1", null);

        SyncDeadLetter letter = DeadLetterRecords.toDeadLetter(record, NOW);

        assertThat(letter.id()).isEqualTo("sis.changes.DLT-0-12");
        assertThat(letter.originalTopic()).isEqualTo("sis.changes");
        assertThat(letter.originalPartition()).isEqualTo(-1);
        assertThat(letter.payloadBase64()).isNull();
    }

    @Test
    void aPayloadTooLargeForFirestoreIsLeftInTheTopicAndSaysSo() {
        byte[] huge = new byte[DeadLetterRecords.MAX_STORED_PAYLOAD_BYTES + 1];
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("sync.records.DLT", 0, 5, "run-1", huge);

        SyncDeadLetter letter = DeadLetterRecords.toDeadLetter(record, NOW);

        assertThat(letter.payloadBase64()).isNull();
        assertThat(letter.error()).contains("not stored", "sync.records.DLT", "offset 5");
    }

    @Test
    void theLetterKeepsTheCorrelationIdOfTheWorkThatFailedAndShowsItInTheApi() {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("connector.oneroster.commands.DLT", 0, 7, "int-1", new byte[0]);
        record.headers().add(CorrelationId.HEADER, "webhook-event-1".getBytes(StandardCharsets.UTF_8));

        SyncDeadLetter letter = DeadLetterRecords.toDeadLetter(record, NOW);

        assertThat(letter.correlationId()).isEqualTo("webhook-event-1");
        assertThat(EventCodec.defaultMapper().valueToTree(letter).get("correlationId").asString()).isEqualTo("webhook-event-1");
        assertThat(DeadLetterRecords.toDeadLetter(new ConsumerRecord<>("x.DLT", 0, 0, null, new byte[0]), NOW).correlationId()).isNull();
    }

    @Test
    void binaryHeadersAreBase64AndTextStaysText() {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("x.DLT", 0, 0, null, new byte[0]);
        record.headers().add("ce_id", "abc".getBytes(StandardCharsets.UTF_8)).add("raw", new byte[] {0, 1, (byte) 0xfe});

        assertThat(DeadLetterRecords.headersAsText(record.headers()))
                .containsEntry("ce_id", "abc")
                .containsEntry("raw", "base64:AAH+");
    }
}
