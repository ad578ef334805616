package io.rostersync.core.connector.http;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * When an integration's SIS counts as down. Connection failures, timeouts and 5xx answers are failures; a 429 is not
 * (the SIS is alive and asks us to slow down, which the retry does), and neither is any other answer.
 *
 * @param failureRateThreshold the circuit opens when at least this percentage of the last calls failed
 * @param slidingWindowSize how many of the last calls (attempts, retries included) the rate is computed over
 * @param minimumNumberOfCalls no verdict before this many calls, so one failed request cannot open the circuit
 * @param waitInOpenState how long an open circuit refuses every call (the pull fails at once) before it lets trial calls through
 * @param halfOpenCalls trial calls after the wait; they decide whether the circuit closes or opens again
 */
public record CircuitBreakerSettings(
        @Min(1) @Max(100) int failureRateThreshold,
        @Min(1) @Max(1000) int slidingWindowSize,
        @Min(1) @Max(1000) int minimumNumberOfCalls,
        @NotNull Duration waitInOpenState,
        @Min(1) @Max(100) int halfOpenCalls) {
}
