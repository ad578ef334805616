package io.rostersync.simulator.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import io.rostersync.simulator.SimulatorSettings;

/** Issues opaque bearer tokens and answers whether one is still valid. Tokens live in memory only. */
@Component
public class AccessTokens {

    private final Map<String, AccessToken> tokens = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Duration lifetime;
    private final Clock clock;

    public AccessTokens(SimulatorSettings settings, Clock clock) {
        this.lifetime = settings.oauth().tokenLifetime();
        this.clock = clock;
    }

    public AccessToken issue(String clientId, Set<String> scopes) {
        Instant now = clock.instant();
        // Drop expired tokens on the way so a long-running simulator does not grow without bound.
        tokens.values().removeIf(t -> !t.expiresAt().isAfter(now));
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        AccessToken token = new AccessToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), clientId,
                scopes, now.plus(lifetime));
        tokens.put(token.value(), token);
        return token;
    }

    /** The token if it was issued here and has not expired; empty otherwise. */
    public Optional<AccessToken> valid(String value) {
        AccessToken token = tokens.get(value);
        if (token == null || !token.expiresAt().isAfter(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(token);
    }

    /** Forgets every token (admin regenerate does not need this; tests and fault injection may). */
    public void revokeAll() {
        tokens.clear();
    }
}
