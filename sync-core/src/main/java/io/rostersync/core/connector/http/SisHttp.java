package io.rostersync.core.connector.http;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.core.functions.CheckedSupplier;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.Retry;
import io.rostersync.core.connector.ConnectorException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends requests to a SIS behind the integration's resilience4j guards (see {@link SisGuards}): a rate limiter that
 * spaces requests, a circuit breaker that stops calling a SIS that keeps failing, and a retry with exponential
 * backoff and jitter that honours {@code Retry-After}. {@link SisFailures} decides what is retried. When the retries
 * run out, or the circuit is open, the request fails with a {@link ConnectorException} classified {@code unreachable}
 * or {@code rate-limited} that names the cause. Every other status is returned to the caller, which knows what a 401,
 * 403 or 404 means where it asked.
 */
public final class SisHttp {

    private static final Logger log = LoggerFactory.getLogger(SisHttp.class);

    private final HttpClient client;
    private final HttpSettings settings;
    private final JsonMapper json;
    private final SisGuards guards;
    private final Clock clock;

    public SisHttp(HttpSettings settings, JsonMapper json) {
        this(settings, json, Clock.systemUTC());
    }

    public SisHttp(HttpSettings settings, JsonMapper json, Clock clock) {
        this.settings = settings;
        this.json = json;
        this.guards = new SisGuards(settings, clock);
        this.clock = clock;
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                // Never follow redirects: a redirect could carry the bearer token or Basic credentials to another host.
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public JsonMapper json() {
        return json;
    }

    /**
     * Sends the request guarded by the SIS's scheme and authority, for callers that do not know the integration.
     *
     * @see #send(String, Supplier, String)
     */
    public HttpResponse<byte[]> send(Supplier<HttpRequest.Builder> request, String what) {
        return send(null, request, what);
    }

    /**
     * Sends the request, retrying passing failures, within the integration's rate limit and circuit breaker.
     *
     * @param integrationId whose guards apply; null or blank: the request's scheme and authority
     * @param request builds the request afresh for every attempt (so a signed request gets a fresh signature)
     * @param what how an operator would name the request in an error, e.g. "OneRoster token endpoint http://..."
     * @return the first response that is neither 429 nor 5xx
     * @throws ConnectorException {@code unreachable} when the SIS could not be reached, timed out or answered 5xx until
     *     the retries ran out, or the circuit is open; {@code rate-limited} when it answered 429 until the retries ran
     *     out or asked for a longer wait than {@code maxRetryAfter}
     */
    public HttpResponse<byte[]> send(String integrationId, Supplier<HttpRequest.Builder> request, String what) {
        HttpRequest first = build(request);
        String key = integrationId == null || integrationId.isBlank() ? origin(first.uri()) : integrationId;
        SisGuards.Guard guard = guards.of(key);
        int attempts = settings.maxRetries() + 1;
        AtomicInteger attempt = new AtomicInteger();
        CheckedSupplier<HttpResponse<byte[]>> call = () -> {
            int n = attempt.incrementAndGet();
            try {
                HttpResponse<byte[]> response = client.send(n == 1 ? first : build(request), HttpResponse.BodyHandlers.ofByteArray());
                if (SisFailures.retriable(response.statusCode()) && n < attempts) {
                    log.warn("{} answered {} (attempt {}/{})", what, response.statusCode(), n, attempts);
                }
                return response;
            } catch (IOException e) {
                if (n < attempts) {
                    log.warn("{} failed with {} (attempt {}/{})", what, e.getClass().getSimpleName(), n, attempts);
                }
                throw e;
            }
        };
        call = RateLimiter.decorateCheckedSupplier(guard.rateLimiter(), call);
        call = CircuitBreaker.decorateCheckedSupplier(guard.circuitBreaker(), call);
        call = Retry.decorateCheckedSupplier(guard.retry(), call);
        HttpResponse<byte[]> response;
        try {
            response = call.get();
        } catch (CallNotPermittedException e) {
            throw new ConnectorException("unreachable", what + " was not called: " + describe(guard.circuitBreaker(), key), e);
        } catch (RequestNotPermitted e) {
            throw new ConnectorException("rate-limited", what + " was not called: no permit from the rate limit of "
                    + settings.requestsPerSecond() + " requests per second for " + key + " within the read timeout", e);
        } catch (HttpTimeoutException e) {
            throw new ConnectorException("unreachable", what + " did not answer within " + seconds(settings.readTimeout())
                    + " (" + attempt.get() + " attempts)", e);
        } catch (IOException e) {
            String cause = e instanceof ConnectException ? "refused the connection or could not be reached"
                    : "failed: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
            throw new ConnectorException("unreachable", what + " " + cause + " (" + attempt.get() + " attempts)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorException("unreachable", what + ": interrupted while waiting for an answer", e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new ConnectorException("unreachable", what + " failed: " + e.getClass().getSimpleName() + " " + e.getMessage(), e);
        }
        int status = response.statusCode();
        if (!SisFailures.retriable(status)) {
            return response;
        }
        Duration asked = RetryAfter.of(response, clock);
        if (asked != null && asked.compareTo(settings.maxRetryAfter()) > 0) {
            throw new ConnectorException(SisFailures.errorClass(status), what + " answered " + status
                    + " and asked to retry after " + asked.toSeconds() + " s, longer than the configured maximum of "
                    + settings.maxRetryAfter().toSeconds() + " s");
        }
        throw new ConnectorException(SisFailures.errorClass(status), what + " answered " + status + describe(response)
                + " on all " + attempt.get() + " attempts");
    }

    /** The circuit breaker state of an integration's guards (or of an origin, for callers that name none); for diagnostics. */
    public CircuitBreaker.State circuitState(String key) {
        return guards.of(key).circuitBreaker().getState();
    }

    /** Parses a JSON body; a body that is not JSON is a protocol error. */
    public JsonNode parse(HttpResponse<byte[]> response, String what) {
        try {
            JsonNode node = json.readTree(response.body());
            if (node == null || node.isMissingNode()) {
                throw new ConnectorException("protocol", what + " answered " + response.statusCode() + " with an empty body");
            }
            return node;
        } catch (JacksonException e) {
            throw new ConnectorException("protocol", what + " answered " + response.statusCode() + " with a body that is not valid JSON: "
                    + e.getOriginalMessage());
        }
    }

    /**
     * A short, safe description of an error body: the OAuth {@code error}/{@code error_description}, the OneRoster
     * {@code imsx_description} or the problem-details {@code detail}, never the raw body (it might echo personal data).
     */
    public String describe(HttpResponse<byte[]> response) {
        try {
            JsonNode body = json.readTree(response.body());
            if (body == null || !body.isObject()) {
                return "";
            }
            StringBuilder text = new StringBuilder();
            append(text, body.path("error"));
            append(text, body.path("error_description"));
            append(text, body.path("imsx_description"));
            append(text, body.path("detail"));
            return text.length() == 0 ? "" : " (" + text.toString().strip() + ")";
        } catch (JacksonException | IllegalArgumentException e) {
            return "";
        }
    }

    private String describe(CircuitBreaker breaker, String key) {
        CircuitBreaker.Metrics metrics = breaker.getMetrics();
        String rate = metrics.getFailureRate() >= 0 ? " (" + metrics.getNumberOfFailedCalls() + " of the last "
                + metrics.getNumberOfBufferedCalls() + " calls failed)" : "";
        return "the circuit breaker for " + key + " is " + breaker.getState().name().toLowerCase().replace('_', '-')
                + " because its SIS kept failing" + rate + "; calls resume with a trial after "
                + seconds(settings.circuitBreaker().waitInOpenState());
    }

    private static void append(StringBuilder text, JsonNode node) {
        if (node.isString() && !node.asString().isBlank()) {
            String value = node.asString();
            text.append(text.length() == 0 ? "" : ": ").append(value.length() > 200 ? value.substring(0, 200) + "…" : value);
        }
    }

    private HttpRequest build(Supplier<HttpRequest.Builder> request) {
        return request.get().timeout(settings.readTimeout()).build();
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    public static String pathOf(URI uri) {
        return uri.getScheme() + "://" + uri.getAuthority() + uri.getRawPath();
    }
}
