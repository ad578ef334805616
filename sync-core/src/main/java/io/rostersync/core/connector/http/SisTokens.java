package io.rostersync.core.connector.http;

import io.rostersync.core.connector.ConnectorException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * OAuth 2 client credentials tokens with Basic client authentication (as both the IMS Security Framework for
 * OneRoster 1.2 and the Ed-Fi ODS/API require), cached per token URL, client, scopes and secret until shortly
 * before they expire (the refresh margin, or half the lifetime for short-lived tokens). Reusing tokens matters: SIS
 * token endpoints cap tokens per client and answer 429 beyond that. The secret is part of the key only as a SHA-256
 * fingerprint, so that a rotated (or wrong) secret is never answered with a token obtained with the old one. Token
 * requests count against the integration's rate limit and circuit breaker like any other request.
 */
public final class SisTokens {

    private static final Logger log = LoggerFactory.getLogger(SisTokens.class);

    private final SisHttp http;
    private final Standard standard;
    private final Clock clock;
    private final Duration refreshMargin;
    private final Map<String, Token> cache = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();

    public SisTokens(SisHttp http, Standard standard, Clock clock, Duration refreshMargin) {
        this.http = http;
        this.standard = standard;
        this.clock = clock;
        this.refreshMargin = refreshMargin;
    }

    private record Token(String value, Instant renewAt) {
        @Override
        public String toString() {
            return "Token[renewAt=" + renewAt + "]";
        }
    }

    /**
     * A valid bearer token for the server, from the cache when possible.
     *
     * @throws ConnectorException {@code auth} when the token endpoint refuses the client, {@code config} when it
     *     does not exist, {@code protocol} when its answer is unreadable, {@code unreachable}/{@code rate-limited}
     */
    public String token(ClientCredentials server) {
        String key = key(server);
        Token cached = cache.get(key);
        if (cached != null && clock.instant().isBefore(cached.renewAt())) {
            return cached.value();
        }
        // Token requests are rare; one at a time keeps parallel callers from each fetching a token.
        synchronized (this) {
            cached = cache.get(key);
            if (cached != null && clock.instant().isBefore(cached.renewAt())) {
                return cached.value();
            }
            Token fresh = request(server);
            cache.put(key, fresh);
            return fresh.value();
        }
    }

    /** Forgets the token if it is still the cached one (the server refused it). */
    public void invalidate(ClientCredentials server, String token) {
        cache.computeIfPresent(key(server), (k, cached) -> cached.value().equals(token) ? null : cached);
    }

    /** How many token requests this instance sent; for tests and diagnostics. */
    public long requestsSent() {
        return requests.get();
    }

    private Token request(ClientCredentials server) {
        String what = standard.name() + " token endpoint " + server.tokenUrl();
        StringBuilder form = new StringBuilder("grant_type=client_credentials");
        if (!server.scopes().isEmpty()) {
            form.append("&scope=").append(encode(String.join(" ", server.scopes())));
        }
        // RFC 6749 2.3.1: id and secret are form-urlencoded before they are Basic-encoded.
        String basic = Base64.getEncoder().encodeToString((encode(server.clientId()) + ":" + encode(server.secret()))
                .getBytes(StandardCharsets.UTF_8));
        requests.incrementAndGet();
        Instant requestedAt = clock.instant();
        HttpResponse<byte[]> response = http.send(server.integrationId(), () -> HttpRequest.newBuilder(server.tokenUrl())
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())), what);
        int status = response.statusCode();
        if (status == 400 || status == 401 || status == 403) {
            JsonNode body = quietParse(response);
            String error = body == null ? "" : body.path("error").asString("");
            throw new ConnectorException("auth", what + " answered " + status + (error.isBlank() ? "" : " " + error)
                    + " for client " + server.clientId() + hint(error));
        }
        if (status == 404 || status == 405) {
            throw new ConnectorException("config", what + " answered " + status + ": check the integration's token URL");
        }
        if (status != 200) {
            throw new ConnectorException("protocol", what + " answered an unexpected " + status + http.describe(response));
        }
        JsonNode body = http.parse(response, what);
        JsonNode accessToken = body.path("access_token");
        if (!accessToken.isString() || accessToken.asString().isBlank()) {
            throw new ConnectorException("protocol", what + " answered 200 without an access_token");
        }
        JsonNode expiresIn = body.path("expires_in");
        Instant renewAt;
        if (expiresIn.isNumber() || expiresIn.isString() && expiresIn.asString().matches("\\d+")) {
            Duration lifetime = Duration.ofSeconds(expiresIn.asLong());
            // A short-lived token would otherwise be renewed for every request: renew it halfway at the earliest.
            Duration margin = refreshMargin.compareTo(lifetime.dividedBy(2)) > 0 ? lifetime.dividedBy(2) : refreshMargin;
            // Counted from the request, not the answer, so a slow endpoint cannot make us use an expired token.
            renewAt = requestedAt.plus(lifetime).minus(margin);
        } else {
            // Without expires_in the token is reused until a resource refuses it; the 401 path then renews it once.
            renewAt = Instant.MAX;
        }
        log.info("obtained {} {} access token for client {} from {}", standard.article(), standard.name(), server.clientId(),
                server.tokenUrl());
        return new Token(accessToken.asString(), renewAt);
    }

    private JsonNode quietParse(HttpResponse<byte[]> response) {
        try {
            return http.json().readTree(response.body());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String hint(String error) {
        return switch (error) {
            case "invalid_client" -> ": the client id or the secret behind the credential reference is wrong";
            case "invalid_scope" -> ": the client may not ask for the integration's scopes";
            case "unauthorized_client", "unsupported_grant_type" -> ": the client is not allowed the client_credentials grant";
            default -> "";
        };
    }

    private static String key(ClientCredentials server) {
        return server.tokenUrl() + "|" + server.clientId() + "|" + String.join(" ", server.scopes()) + "|"
                + fingerprint(server.secret());
    }

    private static String fingerprint(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
