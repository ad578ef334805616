package io.rostersync.oneroster;

import io.rostersync.core.connector.http.CircuitBreakerSettings;
import java.time.Duration;

/** Connector settings for tests: fast backoff, no noticeable rate limit and a circuit that does not open, unless a test says so. */
public final class TestSettings {

    private int pageSize = 50;
    private Duration readTimeout = Duration.ofSeconds(10);
    private int maxRetries = 2;
    private Duration initialBackoff = Duration.ofMillis(10);
    private Duration maxRetryAfter = Duration.ofSeconds(5);
    private double requestsPerSecond = 1000;
    private CircuitBreakerSettings circuitBreaker = new CircuitBreakerSettings(100, 100, 100, Duration.ofSeconds(30), 1);
    private Duration overlap = Duration.ZERO;

    public static TestSettings fast() {
        return new TestSettings();
    }

    public TestSettings pageSize(int value) {
        pageSize = value;
        return this;
    }

    public TestSettings readTimeout(Duration value) {
        readTimeout = value;
        return this;
    }

    public TestSettings maxRetries(int value) {
        maxRetries = value;
        return this;
    }

    public TestSettings initialBackoff(Duration value) {
        initialBackoff = value;
        return this;
    }

    public TestSettings maxRetryAfter(Duration value) {
        maxRetryAfter = value;
        return this;
    }

    public TestSettings requestsPerSecond(double value) {
        requestsPerSecond = value;
        return this;
    }

    public TestSettings circuitBreaker(CircuitBreakerSettings value) {
        circuitBreaker = value;
        return this;
    }

    public TestSettings overlap(Duration value) {
        overlap = value;
        return this;
    }

    public OneRosterSettings build() {
        return new OneRosterSettings(pageSize, Duration.ofSeconds(2), readTimeout, maxRetries, initialBackoff, 2.0, 0.5,
                initialBackoff.multipliedBy(5), maxRetryAfter, requestsPerSecond, circuitBreaker, Duration.ofSeconds(60), overlap);
    }
}
