package io.rostersync.simulator.faults;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;

import io.rostersync.simulator.auth.AccessTokens;

/**
 * The faults currently injected, so connector tests can exercise retries, back-off, timeouts and broken responses
 * against a misbehaving SIS: a simple {@link Plan} for the OneRoster 1.2 API and per-path {@link FaultRule}s for
 * any non-admin path (OneRoster 1.2 and 1.1, Ed-Fi, token endpoints).
 */
@Component
public class Faults {

    /**
     * @param failNext          how many upcoming OneRoster requests fail (0 = none)
     * @param status            HTTP status of those failures (429, 500, 503...)
     * @param retryAfterSeconds {@code Retry-After} value sent with 429/503, or 0 for none
     * @param latency           delay added to every OneRoster response
     */
    public record Plan(int failNext, int status, int retryAfterSeconds, Duration latency) {
        public static final Plan NONE = new Plan(0, 503, 0, Duration.ZERO);
    }

    private final AtomicReference<Plan> plan = new AtomicReference<>(Plan.NONE);
    private final AtomicReference<List<FaultRule>> rules = new AtomicReference<>(List.of());
    private final AccessTokens tokens;

    Faults(AccessTokens tokens) {
        this.tokens = tokens;
    }

    public Plan current() {
        return plan.get();
    }

    public List<FaultRule> rules() {
        return rules.get();
    }

    /** Replaces every fault with this plan (no rules, token policy back to normal). */
    public void set(Plan next) {
        set(next, List.of());
    }

    /** Replaces every fault; a {@code token-expiry} rule sets the policy of tokens issued from now on. */
    void set(Plan next, List<FaultRule> nextRules) {
        plan.set(next);
        rules.set(List.copyOf(nextRules));
        tokens.setPolicy(nextRules.stream().filter(r -> r.type() == FaultRule.Kind.TOKEN_EXPIRY).reduce(
                AccessTokens.Policy.NONE, (policy, r) -> new AccessTokens.Policy(
                        r.tokenLifetimeSeconds() != null ? Duration.ofSeconds(r.tokenLifetimeSeconds())
                                : policy.lifetime(),
                        r.tokenMaxRequests() != null ? r.tokenMaxRequests() : policy.maxRequests()),
                (a, b) -> b));
    }

    /** The first rule that matches the path and has requests left (using one up), if any. */
    Optional<FaultRule> takeRule(String path) {
        List<FaultRule> current = rules.get();
        if (current.isEmpty()) {
            return Optional.empty();
        }
        PathContainer container = PathContainer.parsePath(path);
        return current.stream().filter(r -> r.take(container)).findFirst();
    }

    /** Consumes one planned failure; true if this request must fail. */
    boolean takeFailure() {
        Plan before = plan.getAndUpdate(p -> p.failNext() > 0
                ? new Plan(p.failNext() - 1, p.status(), p.retryAfterSeconds(), p.latency()) : p);
        return before.failNext() > 0;
    }
}
