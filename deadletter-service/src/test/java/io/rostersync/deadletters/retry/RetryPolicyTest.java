package io.rostersync.deadletters.retry;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.deadletters.DeadLetterSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static final DeadLetterSettings.Retry SETTINGS = new DeadLetterSettings.Retry(3, Map.of("sync.records", 5),
            Duration.ofSeconds(10), 4.0, Duration.ofMinutes(5), 0.2, Duration.ofSeconds(1), Duration.ofMinutes(1), 500);

    @Test
    void backoffGrowsExponentiallyUpToTheCapWithinTheJitter() {
        RetryPolicy low = new RetryPolicy(SETTINGS, () -> 0.0);
        RetryPolicy high = new RetryPolicy(SETTINGS, () -> 1.0);
        RetryPolicy middle = new RetryPolicy(SETTINGS, () -> 0.5);

        assertThat(middle.backoff(0)).isEqualTo(Duration.ofSeconds(10));
        assertThat(middle.backoff(1)).isEqualTo(Duration.ofSeconds(40));
        assertThat(middle.backoff(2)).isEqualTo(Duration.ofSeconds(160));
        assertThat(middle.backoff(3)).isEqualTo(Duration.ofMinutes(5));
        assertThat(low.backoff(1)).isEqualTo(Duration.ofSeconds(32));
        assertThat(high.backoff(1)).isEqualTo(Duration.ofSeconds(48));
        assertThat(high.backoff(9)).isEqualTo(Duration.ofMinutes(6));
    }

    @Test
    void permanentFailuresAndExhaustedLettersGetNoScheduleAndTopicsMayAllowMore() {
        RetryPolicy policy = new RetryPolicy(SETTINGS, () -> 0.5);
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        assertThat(policy.nextRetryAt("sync.requests", "io.rostersync.core.events.UnsupportedEventException", 0, now)).isNull();
        assertThat(policy.nextRetryAt("sync.requests", "io.rostersync.core.kafka.PermanentFailureException", 0, now)).isNull();
        assertThat(policy.nextRetryAt("sync.requests", "java.lang.IllegalStateException", 0, now)).isEqualTo(now.plusSeconds(10));
        assertThat(policy.nextRetryAt("sync.requests", null, 2, now)).isNotNull();
        assertThat(policy.nextRetryAt("sync.requests", null, 3, now)).isNull();
        assertThat(policy.nextRetryAt("sync.records", null, 4, now)).isNotNull();
        assertThat(policy.nextRetryAt("sync.records", null, 5, now)).isNull();
    }
}
