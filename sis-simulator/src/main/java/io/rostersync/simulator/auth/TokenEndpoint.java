package io.rostersync.simulator.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

import io.rostersync.simulator.SimulatorSettings;
import io.rostersync.simulator.SimulatorSettings.Client;

/**
 * OAuth 2 token endpoint for the client credentials grant (RFC 6749 section 4.4), as the IMS Security Framework
 * requires for OneRoster 1.2. Clients authenticate with HTTP Basic or with {@code client_id}/{@code client_secret}
 * form fields.
 */
@RestController
class TokenEndpoint {

    private final SimulatorSettings.OAuth settings;
    private final SimulatorSettings.EdFi edFi;
    private final AccessTokens tokens;
    private final Clock clock;

    TokenEndpoint(SimulatorSettings settings, AccessTokens tokens, Clock clock) {
        this.settings = settings.oauth();
        this.edFi = settings.edFi();
        this.tokens = tokens;
        this.clock = clock;
    }

    @PostMapping(path = "/oauth2/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Map<String, Object>>> token(ServerWebExchange exchange) {
        return exchange.getFormData().map(form -> issue(exchange.getRequest().getHeaders(), form));
    }

    /**
     * The Ed-Fi ODS/API token endpoint (client credentials, Basic or form client authentication). Ed-Fi tokens carry
     * only the internal {@link AccessTokens#EDFI_SCOPE}; a client holding {@code maxTokensPerClient} live tokens gets 429, as the
     * ODS/API caps tokens per client: reusing a token until it expires is the client's job.
     */
    @PostMapping(path = "/oauth/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Map<String, Object>>> edFiToken(ServerWebExchange exchange) {
        return exchange.getFormData().map(form -> issueEdFi(exchange.getRequest().getHeaders(), form));
    }


    private ResponseEntity<Map<String, Object>> issueEdFi(HttpHeaders headers, MultiValueMap<String, String> form) {
        Optional<Client> client = authenticate(headers, form);
        if (client.isEmpty()) {
            return error(ResponseEntity.status(HttpStatus.UNAUTHORIZED), "invalid_client", "Unknown client or wrong secret");
        }
        String grantType = form.getFirst("grant_type");
        if (!"client_credentials".equals(grantType)) {
            return error(ResponseEntity.badRequest(), grantType == null ? "invalid_request" : "unsupported_grant_type",
                    "grant_type must be client_credentials");
        }
        synchronized (this) {
            if (tokens.liveCount(client.get().clientId(), AccessTokens.EDFI_SCOPE) >= edFi.maxTokensPerClient()) {
                return error(ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header(HttpHeaders.RETRY_AFTER, "60"),
                        "too_many_tokens", "This client already holds " + edFi.maxTokensPerClient()
                                + " live tokens; reuse one until it expires");
            }
            AccessToken token = tokens.issue(client.get().clientId(), Set.of(AccessTokens.EDFI_SCOPE));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("access_token", token.value());
            body.put("expires_in", Duration.between(clock.instant(), token.expiresAt()).toSeconds());
            body.put("token_type", "bearer");
            return ResponseEntity.ok().cacheControl(CacheControl.noStore()).contentType(MediaType.APPLICATION_JSON)
                    .body(body);
        }
    }

    private Optional<Client> authenticate(HttpHeaders headers, MultiValueMap<String, String> form) {
        Optional<String[]> basic = basicCredentials(headers.getFirst(HttpHeaders.AUTHORIZATION));
        String clientId = basic.map(c -> c[0]).orElse(form.getFirst("client_id"));
        String secret = basic.map(c -> c[1]).orElse(form.getFirst("client_secret"));
        return settings.clients().stream().filter(c -> c.clientId().equals(clientId))
                .filter(c -> secret != null && constantTimeEquals(c.clientSecret(), secret)).findFirst();
    }

    private ResponseEntity<Map<String, Object>> issue(HttpHeaders headers, MultiValueMap<String, String> form) {
        Optional<String[]> basic = basicCredentials(headers.getFirst(HttpHeaders.AUTHORIZATION));
        String clientId = basic.map(c -> c[0]).orElse(form.getFirst("client_id"));
        String secret = basic.map(c -> c[1]).orElse(form.getFirst("client_secret"));
        Optional<Client> client = settings.clients().stream().filter(c -> c.clientId().equals(clientId))
                .filter(c -> secret != null && constantTimeEquals(c.clientSecret(), secret)).findFirst();
        if (client.isEmpty()) {
            ResponseEntity.BodyBuilder unauthorized = ResponseEntity.status(HttpStatus.UNAUTHORIZED);
            if (basic.isPresent()) {
                unauthorized.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"sis-simulator\"");
            }
            return error(unauthorized, "invalid_client", "Unknown client or wrong secret");
        }
        String grantType = form.getFirst("grant_type");
        if (grantType == null) {
            return error(ResponseEntity.badRequest(), "invalid_request", "grant_type is required");
        }
        if (!grantType.equals("client_credentials")) {
            return error(ResponseEntity.badRequest(), "unsupported_grant_type", "Only client_credentials is supported");
        }
        String requested = form.getFirst("scope");
        Set<String> scopes = new LinkedHashSet<>();
        if (requested == null || requested.isBlank()) {
            // RFC 6749 3.3: without a scope parameter the server applies a default, here everything allowed.
            scopes.addAll(client.get().scopes());
        } else {
            Arrays.stream(requested.trim().split("\\s+")).forEach(scopes::add);
            if (!client.get().scopes().containsAll(scopes)) {
                return error(ResponseEntity.badRequest(), "invalid_scope",
                        "Requested scope is not allowed for this client");
            }
        }
        AccessToken token = tokens.issue(client.get().clientId(), scopes);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", token.value());
        body.put("token_type", "bearer");
        body.put("expires_in", Duration.between(clock.instant(), token.expiresAt()).toSeconds());
        body.put("scope", String.join(" ", scopes));
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).contentType(MediaType.APPLICATION_JSON)
                .body(body);
    }

    private static ResponseEntity<Map<String, Object>> error(ResponseEntity.BodyBuilder builder, String error,
            String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        return builder.cacheControl(CacheControl.noStore()).contentType(MediaType.APPLICATION_JSON).body(body);
    }

    private static Optional<String[]> basicCredentials(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return Optional.empty();
            }
            // RFC 6749 2.3.1: id and secret are form-urlencoded before Basic encoding.
            return Optional.of(new String[] { urlDecode(decoded.substring(0, colon)), urlDecode(decoded.substring(colon + 1)) });
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String urlDecode(String value) {
        return java.net.URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    private static boolean constantTimeEquals(String expected, String actual) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
    }
}
