package io.rostersync.core.kafka;

import io.rostersync.core.events.EventCodec;
import io.rostersync.core.events.RosterEvent;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/** Publishes RosterSync events as CloudEvents; {@link #publishAndWait} returns only once the broker acknowledged. */
public class EventPublisher {

    /** How long {@link #publishAndWait} waits for the broker unless told otherwise. */
    public static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaTemplate<String, byte[]> template;
    private final EventCodec codec;
    private final Duration ackTimeout;

    public EventPublisher(KafkaTemplate<String, byte[]> template, EventCodec codec) {
        this(template, codec, DEFAULT_ACK_TIMEOUT);
    }

    /**
     * @param ackTimeout the longest {@link #publishAndWait} waits for the broker's acknowledgement, counted from the
     *     call (time the producer spends blocked on metadata or buffer space counts too); positive
     */
    public EventPublisher(KafkaTemplate<String, byte[]> template, EventCodec codec, Duration ackTimeout) {
        if (ackTimeout == null || ackTimeout.isNegative() || ackTimeout.isZero()) {
            throw new IllegalArgumentException("ackTimeout must be positive, got " + ackTimeout);
        }
        this.template = template;
        this.codec = codec;
        this.ackTimeout = ackTimeout;
    }

    public Duration ackTimeout() {
        return ackTimeout;
    }

    public CompletableFuture<SendResult<String, byte[]>> publish(String topic, String key, String eventId, String subject, RosterEvent event) {
        ProducerRecord<String, byte[]> record = codec.encode(topic, key, eventId, subject, event);
        return template.send(record);
    }

    /**
     * Waits at most the ack timeout. A timeout does not withdraw the record: the producer may still deliver it
     * later, so callers must publish under a deterministic event id that consumers de-duplicate.
     *
     * @throws EventPublishException when the broker does not acknowledge in time or refuses the event
     */
    public SendResult<String, byte[]> publishAndWait(String topic, String key, String eventId, String subject, RosterEvent event) {
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        try {
            CompletableFuture<SendResult<String, byte[]>> sent = publish(topic, key, eventId, subject, event);
            return sent.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventPublishException("interrupted while publishing to " + topic, e);
        } catch (ExecutionException e) {
            throw new EventPublishException("Kafka refused the event on " + topic + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new EventPublishException("Kafka did not acknowledge the event on " + topic + " within " + ackTimeout, e);
        } catch (RuntimeException e) {
            throw new EventPublishException("Kafka did not acknowledge the event on " + topic + ": " + e.getMessage(), e);
        }
    }

    public static class EventPublishException extends RuntimeException {
        public EventPublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
