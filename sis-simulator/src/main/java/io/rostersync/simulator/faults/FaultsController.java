package io.rostersync.simulator.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.pattern.PatternParseException;

/**
 * Admin control of injected faults: {@code PUT} a plan and/or rules (replacing all faults), {@code DELETE} to heal.
 */
@RestController
@RequestMapping(path = "/admin/faults", produces = MediaType.APPLICATION_JSON_VALUE)
class FaultsController {

    private final Faults faults;

    FaultsController(Faults faults) {
        this.faults = faults;
    }

    /** Body of {@code PUT /admin/faults}; every field is optional (boxed, as Jackson 3 refuses null primitives). */
    record PlanRequest(@Min(0) Integer failNext, @Min(400) @Max(599) Integer status, @Min(0) Integer retryAfterSeconds,
            @Min(0) @Max(60_000) Long latencyMillis, List<@Valid RuleRequest> rules) {
    }

    /** One entry of {@code rules}; {@code count} absent = every matching request until healed. */
    record RuleRequest(String pathPattern, @NotBlank String kind, @Min(100) @Max(599) Integer status,
            @Min(0) Integer retryAfterSeconds, @Min(0) @Max(600_000) Long latencyMillis, @Min(1) Integer count,
            @Min(1) Integer tokenLifetimeSeconds, @Min(1) Integer tokenMaxRequests) {
    }

    /** What {@code GET}/{@code PUT}/{@code DELETE} answer: the plan's fields (as before) plus the rules. */
    record Configuration(int failNext, int status, int retryAfterSeconds, Duration latency, List<RuleView> rules) {
    }

    /** A rule as configured, with {@code remaining} (null = unlimited) and {@code applied} request counts. */
    record RuleView(String pathPattern, String kind, int status, int retryAfterSeconds, long latencyMillis,
            Integer count, Integer tokenLifetimeSeconds, Integer tokenMaxRequests, Integer remaining, int applied) {

        static RuleView of(FaultRule r) {
            return new RuleView(r.pathPattern(), r.kind(), r.status(), r.retryAfterSeconds(), r.latencyMillis(),
                    r.count(), r.tokenLifetimeSeconds(), r.tokenMaxRequests(), r.remaining(), r.applied());
        }
    }

    @GetMapping
    Configuration current() {
        Faults.Plan plan = faults.current();
        return new Configuration(plan.failNext(), plan.status(), plan.retryAfterSeconds(), plan.latency(),
                faults.rules().stream().map(RuleView::of).toList());
    }

    @PutMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    Configuration set(@RequestBody @Validated PlanRequest request) {
        Faults.Plan plan = new Faults.Plan(or(request.failNext(), 0), or(request.status(), 503),
                or(request.retryAfterSeconds(), 0), Duration.ofMillis(or(request.latencyMillis(), 0L)));
        List<FaultRule> rules = new ArrayList<>();
        for (RuleRequest r : request.rules() == null ? List.<RuleRequest>of() : request.rules()) {
            rules.add(rule(r));
        }
        faults.set(plan, rules);
        return current();
    }

    private static FaultRule rule(RuleRequest r) {
        FaultRule.Kind kind;
        try {
            kind = FaultRule.Kind.of(r.kind());
        } catch (IllegalArgumentException e) {
            throw badRequest(e.getMessage());
        }
        if (kind == FaultRule.Kind.TOKEN_EXPIRY && r.tokenLifetimeSeconds() == null && r.tokenMaxRequests() == null) {
            throw badRequest("token-expiry needs tokenLifetimeSeconds and/or tokenMaxRequests");
        }
        String pattern = r.pathPattern() == null || r.pathPattern().isBlank() ? "/**" : r.pathPattern();
        long defaultLatency = kind == FaultRule.Kind.TIMEOUT ? FaultRule.DEFAULT_TIMEOUT_MILLIS : 0;
        try {
            return new FaultRule(pattern, kind, or(r.status(), 503), or(r.retryAfterSeconds(), 0),
                    or(r.latencyMillis(), defaultLatency), r.count(), r.tokenLifetimeSeconds(), r.tokenMaxRequests());
        } catch (PatternParseException e) {
            throw badRequest("Invalid pathPattern '" + pattern + "': " + e.getMessage());
        }
    }

    private static ResponseStatusException badRequest(String detail) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    @DeleteMapping
    Configuration heal() {
        faults.set(Faults.Plan.NONE);
        return current();
    }
}
