package io.rostersync.simulator.faults;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.http.MediaType;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Admin control of injected faults: {@code PUT} a plan, {@code DELETE} to heal. */
@RestController
@RequestMapping(path = "/admin/faults", produces = MediaType.APPLICATION_JSON_VALUE)
class FaultsController {

    private final Faults faults;

    FaultsController(Faults faults) {
        this.faults = faults;
    }

    /** Body of {@code PUT /admin/faults}; every field is optional (boxed, as Jackson 3 refuses null primitives). */
    record PlanRequest(@Min(0) Integer failNext, @Min(400) @Max(599) Integer status, @Min(0) Integer retryAfterSeconds,
            @Min(0) @Max(60_000) Long latencyMillis) {
    }

    @GetMapping
    Faults.Plan current() {
        return faults.current();
    }

    @PutMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    Faults.Plan set(@RequestBody @Validated PlanRequest request) {
        Faults.Plan plan = new Faults.Plan(or(request.failNext(), 0), or(request.status(), 503),
                or(request.retryAfterSeconds(), 0), Duration.ofMillis(or(request.latencyMillis(), 0L)));
        faults.set(plan);
        return plan;
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    @DeleteMapping
    Faults.Plan heal() {
        faults.set(Faults.Plan.NONE);
        return Faults.Plan.NONE;
    }
}
