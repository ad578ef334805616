package io.rostersync.core.deadletters;

import java.time.Instant;
import java.util.Map;

/**
 * A message some consumer gave up on, at {@code syncDeadLetters/{id}}; the id is derived from the original
 * coordinates so a redelivered DLT record is stored once.
 *
 * @param payloadBase64 the original value bytes, untouched
 * @param headers the original headers (UTF-8 text where they are text, else base64 prefixed {@code base64:})
 */
public record SyncDeadLetter(
        String id,
        String originalTopic,
        int originalPartition,
        long originalOffset,
        String key,
        String integrationId,
        String eventId,
        String eventType,
        Map<String, String> headers,
        String payloadBase64,
        String exceptionClass,
        String error,
        int attempts,
        int retryCount,
        Instant nextRetryAt,
        String status,
        Instant failedAt,
        Instant receivedAt) {

    public static final String PENDING = "pending";

    public static String idFor(String topic, int partition, long offset) {
        return topic + "-" + partition + "-" + offset;
    }
}
