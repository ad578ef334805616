package io.rostersync.core.connector.http;

import io.rostersync.core.connector.ConnectorException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place that decides which HTTP failures against a SIS are retried: connection failures, timeouts, 429 and
 * 5xx are retried with exponential backoff (honouring {@code Retry-After}); when the retries run out they become a
 * {@link ConnectorException} classified {@code unreachable} or {@code rate-limited}. Every other status is returned
 * to the caller, which knows what a 401, 403 or 404 means where it asked.
 */
public final class SisHttp {

    private static final Logger log = LoggerFactory.getLogger(SisHttp.class);

    private final HttpClient client;
    private final HttpSettings settings;
    private final JsonMapper json;

    public SisHttp(HttpSettings settings, JsonMapper json) {
        this.settings = settings;
        this.json = json;
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
     * Sends the request, retrying transient failures.
     *
     * @param what how an operator would name the request in an error, e.g. "OneRoster token endpoint http://..."
     * @return the first response that is neither 429 nor 5xx
     * @throws ConnectorException {@code unreachable} or {@code rate-limited} when the retries run out
     */
    public HttpResponse<byte[]> send(Supplier<HttpRequest.Builder> request, String what) {
        int attempts = settings.maxRetries() + 1;
        for (int attempt = 1; ; attempt++) {
            HttpRequest built = request.get().timeout(settings.readTimeout()).build();
            HttpResponse<byte[]> response;
            try {
                response = client.send(built, HttpResponse.BodyHandlers.ofByteArray());
            } catch (HttpTimeoutException e) {
                if (attempt >= attempts) {
                    throw new ConnectorException("unreachable", what + " did not answer within " + settings.readTimeout().toSeconds()
                            + " s (" + attempts + " attempts)", e);
                }
                log.warn("{} timed out (attempt {}/{}); retrying", what, attempt, attempts);
                pause(backoff(attempt), what);
                continue;
            } catch (IOException e) {
                if (attempt >= attempts) {
                    String cause = e instanceof ConnectException ? "refused the connection or could not be reached"
                            : "failed: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
                    throw new ConnectorException("unreachable", what + " " + cause + " (" + attempts + " attempts)", e);
                }
                log.warn("{} failed with {} (attempt {}/{}); retrying", what, e.getClass().getSimpleName(), attempt, attempts);
                pause(backoff(attempt), what);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectorException("unreachable", what + ": interrupted while waiting for an answer", e);
            }
            int status = response.statusCode();
            if (status != 429 && status < 500) {
                return response;
            }
            Duration retryAfter = retryAfter(response);
            if (retryAfter != null && retryAfter.compareTo(settings.maxRetryAfter()) > 0) {
                throw new ConnectorException(status == 429 ? "rate-limited" : "unreachable", what + " answered " + status
                        + " and asked to retry after " + retryAfter.toSeconds() + " s, longer than the configured maximum of "
                        + settings.maxRetryAfter().toSeconds() + " s");
            }
            if (attempt >= attempts) {
                throw new ConnectorException(status == 429 ? "rate-limited" : "unreachable", what + " answered " + status
                        + describe(response) + " on all " + attempts + " attempts");
            }
            Duration wait = retryAfter != null ? retryAfter : backoff(attempt);
            log.warn("{} answered {} (attempt {}/{}); retrying in {} ms", what, status, attempt, attempts, wait.toMillis());
            pause(wait, what);
        }
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

    private static void append(StringBuilder text, JsonNode node) {
        if (node.isString() && !node.asString().isBlank()) {
            String value = node.asString();
            text.append(text.length() == 0 ? "" : ": ").append(value.length() > 200 ? value.substring(0, 200) + "…" : value);
        }
    }

    /** {@code Retry-After} as delta-seconds or HTTP-date; null when absent or unreadable. */
    static Duration retryAfter(HttpResponse<?> response) {
        String value = response.headers().firstValue("Retry-After").orElse(null);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip())));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException ignored) {
                return null;
            }
        }
    }

    private Duration backoff(int attempt) {
        long millis = settings.initialBackoff().toMillis() << Math.min(attempt - 1, 20);
        return Duration.ofMillis(Math.min(millis, settings.maxBackoff().toMillis()));
    }

    private static void pause(Duration wait, String what) {
        try {
            // Blocking is deliberate: a pull runs on its own listener thread and nothing else waits for it.
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorException("unreachable", what + ": interrupted while waiting to retry", e);
        }
    }

    public static String pathOf(URI uri) {
        return uri.getScheme() + "://" + uri.getAuthority() + uri.getRawPath();
    }
}
