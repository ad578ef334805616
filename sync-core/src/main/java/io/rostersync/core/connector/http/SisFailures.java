package io.rostersync.core.connector.http;

import java.io.IOException;
import java.net.http.HttpResponse;

/**
 * The one place that decides which SIS failures are passing: the retry repeats them and the circuit breaker counts
 * them. Connection failures, resets and timeouts ({@link IOException}s of the HTTP client) and 5xx answers are the
 * SIS failing; a 429 is the SIS asking us to slow down, so it is retried (honouring {@code Retry-After}) but does not
 * count towards opening the circuit. Every other answer goes back to the caller, which knows what a 401 or 404 means.
 */
final class SisFailures {

    private SisFailures() {
    }

    /** Worth asking again, after a wait. */
    static boolean retriable(int status) {
        return status == 429 || status >= 500;
    }

    /** Worth trying again, after a wait; interrupts, an open circuit and local rate-limit timeouts are not. */
    static boolean retriable(Throwable failure) {
        return failure instanceof IOException;
    }

    /** Evidence that the SIS is down, for the circuit breaker. */
    static boolean sisFailure(Throwable failure) {
        return failure instanceof IOException;
    }

    /** Evidence that the SIS is down, for the circuit breaker. */
    static boolean sisFailure(Object result) {
        return result instanceof HttpResponse<?> response && response.statusCode() >= 500;
    }

    /** The error class of a request whose retries ran out on this status. */
    static String errorClass(int status) {
        return status == 429 ? "rate-limited" : "unreachable";
    }
}
