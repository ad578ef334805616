package io.rostersync.core.deadletters;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.rostersync.core.correlation.CorrelationId;
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
        Instant receivedAt,
        Instant leaseUntil,
        Instant lastReplayedAt,
        boolean payloadEdited) {

    /** Stored, waiting for its scheduled retry (when {@code nextRetryAt} is set) or an operator. */
    public static final String PENDING = "pending";
    /** Claimed by one replica (until {@code leaseUntil}) that is republishing it. */
    public static final String RETRYING = "retrying";
    /** Republished to its original topic; if it fails again the letter is reopened. */
    public static final String REPLAYED = "replayed";
    /** Out of automatic retries; only an operator replays it. */
    public static final String PARKED = "parked";
    /** An operator decided it must not be applied. */
    public static final String DISCARDED = "discarded";

    public static final java.util.Set<String> STATUSES = java.util.Set.of(PENDING, RETRYING, REPLAYED, PARKED, DISCARDED);

    /** The letter as first stored: not yet leased, replayed or edited. */
    public SyncDeadLetter(String id, String originalTopic, int originalPartition, long originalOffset, String key,
                          String integrationId, String eventId, String eventType, Map<String, String> headers,
                          String payloadBase64, String exceptionClass, String error, int attempts, int retryCount,
                          Instant nextRetryAt, String status, Instant failedAt, Instant receivedAt) {
        this(id, originalTopic, originalPartition, originalOffset, key, integrationId, eventId, eventType, headers,
                payloadBase64, exceptionClass, error, attempts, retryCount, nextRetryAt, status, failedAt, receivedAt,
                null, null, false);
    }

    /** A copy with the given retry schedule (null: none). */
    public SyncDeadLetter withNextRetryAt(Instant next) {
        return new SyncDeadLetter(id, originalTopic, originalPartition, originalOffset, key, integrationId, eventId, eventType,
                headers, payloadBase64, exceptionClass, error, attempts, retryCount, next, status, failedAt, receivedAt,
                leaseUntil, lastReplayedAt, payloadEdited);
    }

    /**
     * The correlation id of the work that failed (the original record's {@code ce_correlationid}); null for a record
     * published without one. Shown in the API so an operator can follow a webhook or run to its dead letters.
     */
    @JsonProperty("correlationId")
    public String correlationId() {
        return headers == null ? null : headers.get(CorrelationId.HEADER);
    }

    public static String idFor(String topic, int partition, long offset) {
        return topic + "-" + partition + "-" + offset;
    }
}
