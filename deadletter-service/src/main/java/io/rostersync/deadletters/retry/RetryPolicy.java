package io.rostersync.deadletters.retry;

import io.rostersync.core.kafka.ErrorClassifier;
import io.rostersync.deadletters.DeadLetterSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;

/**
 * When a dead letter is retried automatically: only failures {@link ErrorClassifier} does not call permanent
 * (a payload that could not be read fails the same way every time, so it waits for an operator), with
 * exponential backoff and jitter, up to the topic's attempts; then it is parked.
 */
public final class RetryPolicy {

    private final DeadLetterSettings.Retry settings;
    private final DoubleSupplier random;

    public RetryPolicy(DeadLetterSettings.Retry settings, DoubleSupplier random) {
        this.settings = settings;
        this.random = random;
    }

    public int maxAttempts(String topic) {
        return settings.maxAttemptsPerTopic().getOrDefault(topic, settings.maxAttempts());
    }

    /** @param exceptionClass fully qualified name from the DLT header; null or unknown counts as retryable */
    public static boolean isRetryable(String exceptionClass) {
        if (exceptionClass == null) {
            return true;
        }
        for (Class<? extends Exception> permanent : ErrorClassifier.permanentExceptions()) {
            if (permanent.getName().equals(exceptionClass)) {
                return false;
            }
        }
        try {
            Class<?> type = Class.forName(exceptionClass, false, RetryPolicy.class.getClassLoader());
            return ErrorClassifier.permanentExceptions().stream().noneMatch(p -> p.isAssignableFrom(type));
        } catch (ClassNotFoundException | LinkageError e) {
            return true;
        }
    }

    /** The wait before retry number {@code retriesSoFar + 1}: initial × multiplier^retriesSoFar, capped, ± jitter. */
    public Duration backoff(int retriesSoFar) {
        double base = settings.initialBackoff().toMillis() * Math.pow(settings.multiplier(), retriesSoFar);
        double capped = Math.min(base, settings.maxBackoff().toMillis());
        double spread = 1 + settings.jitter() * (2 * random.getAsDouble() - 1);
        return Duration.ofMillis(Math.max(1, Math.round(capped * spread)));
    }

    /** @return when to retry next, or null when the letter is not retried automatically (permanent or out of attempts) */
    public Instant nextRetryAt(String topic, String exceptionClass, int retriesSoFar, Instant now) {
        if (!isRetryable(exceptionClass) || retriesSoFar >= maxAttempts(topic)) {
            return null;
        }
        return now.plus(backoff(retriesSoFar));
    }
}
