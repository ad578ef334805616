package io.rostersync.simulator.oneroster;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import io.rostersync.simulator.SimulatorSettings;
import io.rostersync.simulator.auth.OAuth1Signatures;

/**
 * Guards the OneRoster 1.1 API with OAuth 1.0a HMAC-SHA256 signed requests (RFC 5849, no token: consumer key and
 * secret are an OAuth client's id and secret). Protocol parameters come from the {@code Authorization: OAuth ...}
 * header or the query. A wrong signature, a timestamp further than the configured window from now, or a nonce
 * reused within that window is answered 401 with {@code imsx_StatusInfo}.
 */
@Component
@Order(0)
class OneRosterV1p1Authorization implements WebFilter {

    private static final Pattern HEADER_PARAM = Pattern.compile("([A-Za-z0-9_\\-.~%]+)\\s*=\\s*\"([^\"]*)\"");

    private final Map<String, String> secrets = new LinkedHashMap<>();
    private final Duration window;
    private final Clock clock;
    private final JsonMapper json;
    /** consumer key + nonce → when it may be forgotten (its timestamp has left the window by then). */
    private final Map<String, Instant> seenNonces = new ConcurrentHashMap<>();

    OneRosterV1p1Authorization(SimulatorSettings settings, Clock clock, JsonMapper json) {
        settings.oauth().clients().forEach(c -> secrets.put(c.clientId(), c.clientSecret()));
        this.window = settings.oneRosterV1p1().timestampWindow();
        this.clock = clock;
        this.json = json;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!path.equals(OneRosterController.V1P1_BASE) && !path.startsWith(OneRosterController.V1P1_BASE + "/")) {
            return chain.filter(exchange);
        }
        Optional<String> problem = verify(exchange.getRequest());
        if (problem.isPresent()) {
            ServerHttpResponse response = exchange.getResponse();
            response.setStatusCode(HttpStatus.UNAUTHORIZED);
            response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "OAuth realm=\"oneroster\"");
            response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
            byte[] body = json.writeValueAsBytes(ImsxStatus.failure("unauthorisedrequest", problem.get()));
            return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
        }
        return chain.filter(exchange);
    }

    /** Empty when the request is correctly signed, else why not (safe to show: names no secret). */
    Optional<String> verify(ServerHttpRequest request) {
        List<Map.Entry<String, String>> params = queryParams(request.getURI().getRawQuery());
        Map<String, String> protocol = new LinkedHashMap<>();
        String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "OAuth ", 0, 6)) {
            Matcher m = HEADER_PARAM.matcher(authorization.substring(6));
            while (m.find()) {
                String name = decode(m.group(1));
                if (!name.equals("realm")) {
                    String value = decode(m.group(2));
                    protocol.put(name, value);
                    params.add(new AbstractMap.SimpleEntry<>(name, value));
                }
            }
        } else {
            params.stream().filter(p -> p.getKey().startsWith("oauth_"))
                    .forEach(p -> protocol.put(p.getKey(), p.getValue()));
        }
        String signature = protocol.get("oauth_signature");
        String consumerKey = protocol.get("oauth_consumer_key");
        String timestamp = protocol.get("oauth_timestamp");
        String nonce = protocol.get("oauth_nonce");
        if (signature == null || consumerKey == null || timestamp == null || nonce == null) {
            return Optional.of("An OAuth 1.0a signed request is required (oauth_consumer_key, oauth_signature_method, "
                    + "oauth_timestamp, oauth_nonce, oauth_signature)");
        }
        if (!"HMAC-SHA256".equals(protocol.get("oauth_signature_method"))) {
            return Optional.of("oauth_signature_method must be HMAC-SHA256");
        }
        if (protocol.containsKey("oauth_version") && !"1.0".equals(protocol.get("oauth_version"))) {
            return Optional.of("oauth_version must be 1.0");
        }
        String secret = secrets.get(consumerKey);
        if (secret == null) {
            return Optional.of("Unknown oauth_consumer_key");
        }
        Instant now = clock.instant();
        Instant signedAt;
        try {
            signedAt = Instant.ofEpochSecond(Long.parseLong(timestamp));
        } catch (NumberFormatException e) {
            return Optional.of("oauth_timestamp must be seconds since the epoch");
        }
        if (Duration.between(signedAt, now).abs().compareTo(window) > 0) {
            return Optional.of("oauth_timestamp is outside the accepted window of " + window.toSeconds() + " s");
        }
        params.removeIf(p -> p.getKey().equals("oauth_signature"));
        String baseString = OAuth1Signatures.baseString(request.getMethod().name(), baseUri(request.getURI()), params);
        String expected = OAuth1Signatures.sign(baseString, secret, "");
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII))) {
            return Optional.of("Invalid oauth_signature");
        }
        // Remember the nonce only for signed requests, and only as long as its timestamp could still be accepted.
        seenNonces.values().removeIf(forgetAt -> forgetAt.isBefore(now));
        if (seenNonces.putIfAbsent(consumerKey + "\n" + nonce, signedAt.plus(window)) != null) {
            return Optional.of("oauth_nonce has already been used");
        }
        return Optional.empty();
    }

    /** RFC 5849 §3.4.1.2: lowercase scheme and host, port only when not the default, the path, no query. */
    static String baseUri(URI uri) {
        String scheme = uri.getScheme().toLowerCase();
        int port = uri.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80)
                || (scheme.equals("https") && port == 443);
        return scheme + "://" + uri.getHost().toLowerCase() + (defaultPort ? "" : ":" + port) + uri.getRawPath();
    }

    private static List<Map.Entry<String, String>> queryParams(String rawQuery) {
        List<Map.Entry<String, String>> params = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.add(new AbstractMap.SimpleEntry<>(decode(name), decode(value)));
        }
        return params;
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
