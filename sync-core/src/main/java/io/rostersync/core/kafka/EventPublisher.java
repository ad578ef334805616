package io.rostersync.core.kafka;

import io.rostersync.core.events.EventCodec;
import io.rostersync.core.events.RosterEvent;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/** Publishes RosterSync events as CloudEvents; {@link #publishAndWait} returns only once the broker acknowledged. */
public class EventPublisher {

    private static final long ACK_TIMEOUT_SECONDS = 30;

    private final KafkaTemplate<String, byte[]> template;
    private final EventCodec codec;

    public EventPublisher(KafkaTemplate<String, byte[]> template, EventCodec codec) {
        this.template = template;
        this.codec = codec;
    }

    public CompletableFuture<SendResult<String, byte[]>> publish(String topic, String key, String eventId, String subject, RosterEvent event) {
        ProducerRecord<String, byte[]> record = codec.encode(topic, key, eventId, subject, event);
        return template.send(record);
    }

    /**
     * @throws EventPublishException when the broker does not acknowledge in time or refuses the event
     */
    public SendResult<String, byte[]> publishAndWait(String topic, String key, String eventId, String subject, RosterEvent event) {
        try {
            return publish(topic, key, eventId, subject, event).get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventPublishException("interrupted while publishing to " + topic, e);
        } catch (ExecutionException e) {
            throw new EventPublishException("Kafka refused the event on " + topic + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException | RuntimeException e) {
            throw new EventPublishException("Kafka did not acknowledge the event on " + topic + ": " + e.getMessage(), e);
        }
    }

    public static class EventPublishException extends RuntimeException {
        public EventPublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
