package io.rostersync.deadletters.retry;

import io.rostersync.core.deadletters.SyncDeadLetter;
import io.rostersync.core.kafka.KafkaEventsConfiguration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.stereotype.Component;

/**
 * Puts dead letters back on their original topic: original key, payload (or the operator's edit) and headers,
 * including the CloudEvents {@code ce_id}, so a consumer that de-duplicates by event id applies a replayed event
 * at most once however often it is replayed. The failure headers are dropped and two are added:
 * {@value #REPLAY_OF} (the letter id, which lets the intake reopen this letter if it fails again) and
 * {@value #REPLAY_COUNT}.
 */
@Component
public class Republisher {

    public static final String REPLAY_OF = "rostersync-replay-of";
    public static final String REPLAY_COUNT = "rostersync-replay-count";
    private static final long SEND_TIMEOUT_SECONDS = 30;

    private final KafkaTemplate<String, byte[]> template;

    Republisher(KafkaTemplate<String, byte[]> template) {
        this.template = template;
    }

    /** Sends all, then waits for every acknowledgement. @return the ids whose send failed, with the reason */
    public Map<String, String> republish(List<SyncDeadLetter> letters) {
        List<CompletableFuture<?>> sent = new ArrayList<>();
        Map<String, String> failed = new LinkedHashMap<>();
        for (SyncDeadLetter letter : letters) {
            try {
                sent.add(template.send(recordOf(letter)));
            } catch (RuntimeException e) {
                failed.put(letter.id(), e.toString());
                sent.add(null);
            }
        }
        for (int i = 0; i < letters.size(); i++) {
            if (sent.get(i) == null) {
                continue;
            }
            try {
                sent.get(i).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed.put(letters.get(i).id(), "interrupted");
            } catch (Exception e) {
                failed.put(letters.get(i).id(), "Kafka did not accept the replay: " + e);
            }
        }
        return failed;
    }

    static ProducerRecord<String, byte[]> recordOf(SyncDeadLetter letter) {
        if (letter.payloadBase64() == null) {
            throw new IllegalStateException("dead letter " + letter.id() + " has no stored payload to replay");
        }
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(letter.originalTopic(), letter.key(),
                Base64.getDecoder().decode(letter.payloadBase64()));
        if (letter.headers() != null) {
            letter.headers().forEach((name, value) -> {
                if (!isFailureHeader(name)) {
                    record.headers().add(name, decode(value));
                }
            });
        }
        record.headers().add(REPLAY_OF, letter.id().getBytes(StandardCharsets.UTF_8));
        record.headers().add(REPLAY_COUNT, Integer.toString(letter.retryCount() + 1).getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static boolean isFailureHeader(String name) {
        return name.startsWith("kafka_dlt-") || name.equals(KafkaHeaders.DELIVERY_ATTEMPT)
                || name.equals(KafkaEventsConfiguration.ATTEMPTS_HEADER) || name.equals(KafkaEventsConfiguration.FAILED_AT_HEADER)
                || name.equals(REPLAY_OF) || name.equals(REPLAY_COUNT);
    }

    private static byte[] decode(String value) {
        return value.startsWith("base64:") ? Base64.getDecoder().decode(value.substring("base64:".length()))
                : value.getBytes(StandardCharsets.UTF_8);
    }
}
