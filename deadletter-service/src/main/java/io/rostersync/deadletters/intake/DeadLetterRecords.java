package io.rostersync.deadletters.intake;

import io.rostersync.core.deadletters.SyncDeadLetter;
import io.rostersync.core.events.CloudEventHeaders;
import io.rostersync.core.events.Topics;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * Reads a dead-letter record as Spring Kafka's {@code DeadLetterPublishingRecoverer} writes it: original topic,
 * exception class and message as UTF-8 text; original partition as a 4-byte big-endian int; original offset and
 * timestamp as 8-byte big-endian longs (spring-kafka 4.0).
 */
final class DeadLetterRecords {

    /**
     * Firestore documents are at most 1 MiB. A larger payload stays only in its DLT topic (until retention) and
     * the document says so; storing nothing at all would hide the failure.
     */
    static final int MAX_STORED_PAYLOAD_BYTES = 512 * 1024;
    /** Stack traces can run to many kilobytes per header; the first part names the failure. */
    static final int MAX_HEADER_CHARS = 8 * 1024;

    private static final Set<String> INT_HEADERS = Set.of(KafkaHeaders.DLT_ORIGINAL_PARTITION, KafkaHeaders.DELIVERY_ATTEMPT);
    private static final Set<String> LONG_HEADERS = Set.of(KafkaHeaders.DLT_ORIGINAL_OFFSET, KafkaHeaders.DLT_ORIGINAL_TIMESTAMP);

    private DeadLetterRecords() {
    }

    /**
     * @param receivedAt when this service read the record
     * @return the dead letter, with an id from the original coordinates; a record without them (not written by
     *     Spring Kafka's recoverer) is keyed by its own DLT coordinates, which are just as stable on redelivery
     */
    static SyncDeadLetter toDeadLetter(ConsumerRecord<String, byte[]> record, Instant receivedAt) {
        Headers headers = record.headers();
        String originalTopic = text(headers, KafkaHeaders.DLT_ORIGINAL_TOPIC);
        Integer originalPartition = intValue(headers, KafkaHeaders.DLT_ORIGINAL_PARTITION);
        Long originalOffset = longValue(headers, KafkaHeaders.DLT_ORIGINAL_OFFSET);
        String id;
        if (originalTopic != null && originalPartition != null && originalOffset != null) {
            id = SyncDeadLetter.idFor(originalTopic, originalPartition, originalOffset);
        } else {
            id = SyncDeadLetter.idFor(record.topic(), record.partition(), record.offset());
            originalTopic = originalTopic != null ? originalTopic : originalTopicOf(record.topic());
            originalPartition = originalPartition != null ? originalPartition : -1;
            originalOffset = originalOffset != null ? originalOffset : -1L;
        }
        // The container wraps the listener's exception: the cause's class and our reason header say what went wrong.
        String reason = text(headers, io.rostersync.core.kafka.KafkaEventsConfiguration.REASON_HEADER);
        String error = reason != null ? reason : text(headers, KafkaHeaders.DLT_EXCEPTION_MESSAGE);
        String cause = text(headers, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN);
        String exceptionClass = cause != null ? cause : text(headers, KafkaHeaders.DLT_EXCEPTION_FQCN);
        byte[] value = record.value();
        String payload = null;
        if (value != null && value.length <= MAX_STORED_PAYLOAD_BYTES) {
            payload = Base64.getEncoder().encodeToString(value);
        } else if (value != null) {
            error = (error == null ? "" : error + "; ") + "payload of " + value.length
                    + " bytes not stored (too large); it remains in " + record.topic() + " partition "
                    + record.partition() + " at offset " + record.offset();
        }
        Integer attempts = intValue(headers, KafkaHeaders.DELIVERY_ATTEMPT);
        Long originalTimestamp = longValue(headers, KafkaHeaders.DLT_ORIGINAL_TIMESTAMP);
        return new SyncDeadLetter(id, originalTopic, originalPartition, originalOffset, record.key(), record.key(),
                text(headers, CloudEventHeaders.ID), text(headers, CloudEventHeaders.TYPE), headersAsText(headers), payload,
                exceptionClass, error, attempts == null ? 0 : attempts, 0, null,
                SyncDeadLetter.PENDING, Instant.ofEpochMilli(record.timestamp()),
                receivedAt);
    }

    /** Every header as text: numbers Spring Kafka writes in binary as decimals, UTF-8 as is, anything else base64. */
    static Map<String, String> headersAsText(Headers headers) {
        Map<String, String> text = new LinkedHashMap<>();
        for (Header header : headers) {
            byte[] value = header.value();
            String rendered;
            if (value == null) {
                rendered = "";
            } else if (INT_HEADERS.contains(header.key()) && value.length == Integer.BYTES) {
                rendered = Integer.toString(ByteBuffer.wrap(value).getInt());
            } else if (LONG_HEADERS.contains(header.key()) && value.length == Long.BYTES) {
                rendered = Long.toString(ByteBuffer.wrap(value).getLong());
            } else {
                rendered = utf8(value);
                if (rendered == null) {
                    rendered = "base64:" + Base64.getEncoder().encodeToString(value);
                }
            }
            // Firestore field names may hold any UTF-8; a header repeated keeps its last value, as Kafka's lastHeader does.
            text.put(header.key(), truncate(rendered));
        }
        return text;
    }

    private static String originalTopicOf(String dltTopic) {
        return dltTopic.endsWith(Topics.DLT_SUFFIX) ? dltTopic.substring(0, dltTopic.length() - Topics.DLT_SUFFIX.length()) : dltTopic;
    }

    private static String text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : truncate(new String(header.value(), StandardCharsets.UTF_8));
    }

    private static Integer intValue(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null || header.value().length != Integer.BYTES ? null
                : ByteBuffer.wrap(header.value()).getInt();
    }

    private static Long longValue(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null || header.value().length != Long.BYTES ? null
                : ByteBuffer.wrap(header.value()).getLong();
    }

    /** The text if the bytes are valid UTF-8 without control characters (other than tab and line breaks), else null. */
    private static String utf8(byte[] value) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value));
            for (int i = 0; i < chars.length(); i++) {
                char c = chars.get(i);
                if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                    return null;
                }
            }
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String truncate(String value) {
        return value.length() <= MAX_HEADER_CHARS ? value : value.substring(0, MAX_HEADER_CHARS) + "…[truncated]";
    }
}
