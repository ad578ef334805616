package io.rostersync.deadletters.intake;

import io.rostersync.core.deadletters.SyncDeadLetter;
import io.rostersync.core.deadletters.SyncDeadLetters;
import io.rostersync.core.events.Topics;
import io.rostersync.deadletters.metrics.DeadLetterCounters;
import io.rostersync.deadletters.retry.DeadLetterRetries;
import io.rostersync.deadletters.retry.Republisher;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Stores each record of every {@code *.DLT} topic as a pending {@link SyncDeadLetter}. The id comes from the
 * original coordinates, so a redelivered DLT record (or the same failure dead-lettered twice) is stored once.
 * Failures are thrown; {@link DeadLetterConsumerConfiguration} retries them and then logs and skips.
 */
@Component
class DeadLetterIntake {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterIntake.class);

    private final SyncDeadLetters deadLetters;
    private final DeadLetterRetries retries;
    private final Clock clock;
    private final DeadLetterCounters counters;

    DeadLetterIntake(SyncDeadLetters deadLetters, DeadLetterRetries retries, Clock clock, DeadLetterCounters counters) {
        this.deadLetters = deadLetters;
        this.retries = retries;
        this.clock = clock;
        this.counters = counters;
    }

    @KafkaListener(topicPattern = Topics.DLT_PATTERN, groupId = "${rostersync.kafka.group-id}",
            containerFactory = DeadLetterConsumerConfiguration.CONTAINER_FACTORY)
    void onDeadLetter(ConsumerRecord<String, byte[]> record) {
        SyncDeadLetter received = DeadLetterRecords.toDeadLetter(record, clock.instant());
        SyncDeadLetter letter = received.withNextRetryAt(retries.policy().nextRetryAt(received.originalTopic(),
                received.exceptionClass(), 0, received.receivedAt()));
        try (var integration = MDC.putCloseable("integrationId", letter.integrationId())) {
            // A replay that failed again comes back here: it continues the original letter instead of starting a new one.
            Header replayOf = record.headers().lastHeader(Republisher.REPLAY_OF);
            if (replayOf != null && replayOf.value() != null) {
                Optional<SyncDeadLetter> original = deadLetters.find(new String(replayOf.value(), StandardCharsets.UTF_8));
                if (original.isPresent() && !SyncDeadLetter.DISCARDED.equals(original.get().status())
                        && retries.reopen(original.get(), letter)) {
                    return;
                }
            }
            if (deadLetters.createIfAbsent(letter)) {
                counters.captured(letter.originalTopic());
                log.info("Stored dead letter {} (event {}, {}) from {}-{}@{}", letter.id(), letter.eventId(),
                        letter.exceptionClass(), record.topic(), record.partition(), record.offset());
            } else {
                log.info("Dead letter {} already stored; {}-{}@{} changed nothing", letter.id(), record.topic(),
                        record.partition(), record.offset());
            }
        }
    }
}
