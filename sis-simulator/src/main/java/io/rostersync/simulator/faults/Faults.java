package io.rostersync.simulator.faults;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.stereotype.Component;

/**
 * The faults currently injected into the OneRoster API, so connector tests can exercise retries, back-off and
 * timeouts against a misbehaving SIS.
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

    public Plan current() {
        return plan.get();
    }

    public void set(Plan next) {
        plan.set(next);
    }

    /** Consumes one planned failure; true if this request must fail. */
    boolean takeFailure() {
        Plan before = plan.getAndUpdate(p -> p.failNext() > 0
                ? new Plan(p.failNext() - 1, p.status(), p.retryAfterSeconds(), p.latency()) : p);
        return before.failNext() > 0;
    }
}
