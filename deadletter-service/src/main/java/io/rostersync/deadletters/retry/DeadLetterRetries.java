package io.rostersync.deadletters.retry;

import io.rostersync.core.deadletters.SyncDeadLetter;
import io.rostersync.core.deadletters.SyncDeadLetters;
import io.rostersync.deadletters.DeadLetterSettings;
import io.rostersync.deadletters.metrics.DeadLetterCounters;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Retrying dead letters, automatically on their schedule and on an operator's demand. Every republish is preceded
 * by a claim in a Firestore transaction (pending → retrying with a lease), so replicas never republish the same
 * letter twice at once; a replica that dies mid-way frees its claims when the lease ends.
 */
@Service
public class DeadLetterRetries {

    /** States an operator may replay from. */
    public static final Set<String> REPLAYABLE = Set.of(SyncDeadLetter.PENDING, SyncDeadLetter.PARKED, SyncDeadLetter.REPLAYED);
    private static final Logger log = LoggerFactory.getLogger(DeadLetterRetries.class);

    private final SyncDeadLetters deadLetters;
    private final Republisher republisher;
    private final DeadLetterSettings.Retry settings;
    private final RetryPolicy policy;
    private final Clock clock;
    private final DeadLetterCounters counters;

    DeadLetterRetries(SyncDeadLetters deadLetters, Republisher republisher, DeadLetterSettings settings, Clock clock,
                      DeadLetterCounters counters) {
        this.deadLetters = deadLetters;
        this.republisher = republisher;
        this.settings = settings.retry();
        this.policy = new RetryPolicy(settings.retry(), () -> ThreadLocalRandom.current().nextDouble());
        this.clock = clock;
        this.counters = counters;
    }

    public RetryPolicy policy() {
        return policy;
    }

    /** One poll of the automatic schedule: claims and republishes the letters that are due. */
    @Scheduled(fixedDelayString = "${rostersync.deadletters.retry.poll-interval}")
    public void retryDue() {
        try {
            Instant now = clock.instant();
            List<String> due = deadLetters.dueForRetry(now, settings.batchSize());
            if (!due.isEmpty()) {
                replay(due, l -> SyncDeadLetter.PENDING.equals(l.status()) && l.nextRetryAt() != null && !l.nextRetryAt().isAfter(now));
            }
        } catch (RuntimeException e) {
            log.warn("Automatic dead-letter retry poll failed; the next poll tries again: {}", e.toString());
        }
    }

    /**
     * Claims (at most 500) and republishes. Letters whose send fails go back to {@code pending} with the reason and a
     * new schedule.
     *
     * @return replayed and failed counts
     */
    public Outcome replay(List<String> ids, Predicate<SyncDeadLetter> claimable) {
        Instant now = clock.instant();
        List<SyncDeadLetter> claimed = deadLetters.claim(ids, claimable, now, settings.lease());
        List<SyncDeadLetter> sendable = claimed.stream().filter(l -> l.payloadBase64() != null).toList();
        Map<String, String> failed = new HashMap<>(republisher.republish(sendable));
        claimed.stream().filter(l -> l.payloadBase64() == null)
                .forEach(l -> failed.put(l.id(), "no stored payload (too large); replay it from its DLT topic"));
        List<SyncDeadLetter> replayed = claimed.stream().filter(l -> !failed.containsKey(l.id())).toList();
        deadLetters.markReplayed(replayed, clock.instant());
        for (SyncDeadLetter letter : claimed) {
            String reason = failed.get(letter.id());
            if (reason != null) {
                Map<String, Object> fields = new HashMap<>();
                fields.put("status", SyncDeadLetter.PENDING);
                fields.put("leaseUntil", null);
                fields.put("nextRetryAt", policy.nextRetryAt(letter.originalTopic(), letter.exceptionClass(), letter.retryCount(), clock.instant()));
                fields.put("lastReplayError", reason);
                deadLetters.update(letter.id(), fields);
                log.warn("Replay of dead letter {} failed: {}", letter.id(), reason);
            }
        }
        counters.replays(replayed.size(), failed.size());
        if (!replayed.isEmpty()) {
            log.info("Replayed {} dead letters ({} failed, {} not claimable)", replayed.size(), failed.size(), ids.size() - claimed.size());
        }
        return new Outcome(replayed.size(), failed.size(), ids.size() - claimed.size());
    }

    /**
     * An operator's "retry now".
     *
     * @throws IllegalStateException when the letter is being retried, discarded, or its replay failed
     */
    public Optional<SyncDeadLetter> retryNow(String id) {
        Optional<SyncDeadLetter> letter = deadLetters.find(id);
        if (letter.isEmpty()) {
            return letter;
        }
        Outcome outcome = replay(List.of(id), l -> REPLAYABLE.contains(l.status()));
        if (outcome.skipped() > 0) {
            throw new IllegalStateException("dead letter '" + id + "' is " + deadLetters.find(id).map(SyncDeadLetter::status).orElse("gone")
                    + "; only " + REPLAYABLE + " letters can be replayed");
        }
        if (outcome.failed() > 0) {
            throw new ReplayFailedException("dead letter '" + id + "' could not be republished; it is pending again");
        }
        return deadLetters.find(id);
    }

    /**
     * A republished letter failed again and came back through its DLT: the letter is reopened with the new error,
     * scheduled for its next retry, or parked when it has used its attempts (or the failure is permanent and it
     * was retried automatically).
     */
    public boolean reopen(SyncDeadLetter original, SyncDeadLetter failedAgain) {
        Instant now = clock.instant();
        Instant next = policy.nextRetryAt(original.originalTopic(), failedAgain.exceptionClass(), original.retryCount(), now);
        boolean parked = next == null && RetryPolicy.isRetryable(failedAgain.exceptionClass());
        Map<String, Object> fields = new HashMap<>();
        fields.put("status", parked ? SyncDeadLetter.PARKED : SyncDeadLetter.PENDING);
        fields.put("nextRetryAt", next);
        fields.put("leaseUntil", null);
        fields.put("exceptionClass", failedAgain.exceptionClass());
        fields.put("error", failedAgain.error());
        fields.put("attempts", failedAgain.attempts());
        fields.put("failedAt", failedAgain.failedAt());
        boolean found = deadLetters.update(original.id(), fields);
        if (found) {
            log.info("Dead letter {} failed again after {} retries: {}", original.id(), original.retryCount(),
                    parked ? "parked" : next == null ? "waits for an operator" : "next retry at " + next);
        }
        return found;
    }

    public record Outcome(int replayed, int failed, int skipped) {
    }

    public static class ReplayFailedException extends RuntimeException {
        public ReplayFailedException(String message) {
            super(message);
        }
    }
}
