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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.stereotype.Component;

import io.rostersync.simulator.SimulatorSettings;

/**
 * Issues opaque bearer tokens and answers whether one is still valid. Tokens live in memory only. A fault plan
 * may shorten the lifetime of tokens issued from then on, or let them serve only a number of requests, so clients
 * can be tested against tokens that expire mid-run.
 */
@Component
public class AccessTokens {

    /**
     * Overrides for tokens issued from now on.
     *
     * @param lifetime    lifetime instead of the configured one, or null
     * @param maxRequests requests a token may authorise before it stops being valid, or null for no limit
     */
    public record Policy(Duration lifetime, Integer maxRequests) {
        public static final Policy NONE = new Policy(null, null);
    }

    /** The scope every Ed-Fi token carries (and only Ed-Fi tokens); the Ed-Fi API requires it. */
    public static final String EDFI_SCOPE = "urn:rostersync:simulator:ed-fi";

    private final Map<String, AccessToken> tokens = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> remainingUses = new ConcurrentHashMap<>();
    private final AtomicReference<Policy> policy = new AtomicReference<>(Policy.NONE);
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
        remainingUses.keySet().retainAll(tokens.keySet());
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        Policy p = policy.get();
        AccessToken token = new AccessToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), clientId,
                scopes, now.plus(p.lifetime() != null ? p.lifetime() : lifetime));
        if (p.maxRequests() != null) {
            remainingUses.put(token.value(), new AtomicInteger(p.maxRequests()));
        }
        tokens.put(token.value(), token);
        return token;
    }

    /** The token if it was issued here, has not expired and has requests left (using one); empty otherwise. */
    public Optional<AccessToken> valid(String value) {
        AccessToken token = tokens.get(value);
        if (token == null || !token.expiresAt().isAfter(clock.instant())) {
            return Optional.empty();
        }
        AtomicInteger uses = remainingUses.get(value);
        if (uses != null && uses.getAndDecrement() <= 0) {
            return Optional.empty();
        }
        return Optional.of(token);
    }

    /** Live (unexpired) tokens of a client that carry the given scope. */
    public long liveCount(String clientId, String scope) {
        Instant now = clock.instant();
        return tokens.values().stream().filter(t -> t.clientId().equals(clientId) && t.scopes().contains(scope)
                && t.expiresAt().isAfter(now)).count();
    }

    public Policy policy() {
        return policy.get();
    }

    public void setPolicy(Policy next) {
        policy.set(next == null ? Policy.NONE : next);
    }

    /** Forgets every token (admin regenerate does not need this; tests and fault injection may). */
    public void revokeAll() {
        tokens.clear();
        remainingUses.clear();
    }
}
