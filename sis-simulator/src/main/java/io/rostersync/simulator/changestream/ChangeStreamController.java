package io.rostersync.simulator.changestream;

import java.util.ArrayList;
import java.util.List;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import io.rostersync.simulator.district.Districts;
import io.rostersync.simulator.district.EntityType;

/** Admin control of the live change stream: {@code POST} starts one (replacing a running one), {@code DELETE} stops. */
@RestController
@RequestMapping(path = "/admin/change-stream", produces = MediaType.APPLICATION_JSON_VALUE)
class ChangeStreamController {

    private final ChangeStream stream;
    private final Districts districts;

    ChangeStreamController(ChangeStream stream, Districts districts) {
        this.stream = stream;
        this.districts = districts;
    }

    /** Body of {@code POST /admin/change-stream}; {@code seed} defaults to the district's seed. */
    record StartRequest(@NotNull @Min(1) Integer ratePerSecond, List<String> entityTypes,
            @NotNull @Min(1) Integer seconds, Long seed) {
    }

    @GetMapping
    ChangeStream.Status status() {
        return stream.status();
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ChangeStream.Status start(@RequestBody @Validated StartRequest body) {
        if (body.ratePerSecond() > stream.maxRatePerSecond()) {
            throw badRequest("ratePerSecond must be at most " + stream.maxRatePerSecond());
        }
        if (body.seconds() > stream.maxDuration().toSeconds()) {
            throw badRequest("seconds must be at most " + stream.maxDuration().toSeconds());
        }
        List<EntityType> types = new ArrayList<>();
        for (String name : body.entityTypes() == null || body.entityTypes().isEmpty() ? List.of("users")
                : body.entityTypes()) {
            types.add(EntityType.ofCollection(name).orElseThrow(() -> badRequest("Unknown entity type '" + name
                    + "'; use orgs, academicSessions, courses, classes, users, enrollments or demographics")));
        }
        long seed = body.seed() != null ? body.seed() : districts.current().size().seed();
        return stream.start(new ChangeStream.Request(body.ratePerSecond(), List.copyOf(types), body.seconds(), seed));
    }

    @DeleteMapping
    ChangeStream.Status stop() {
        return stream.stop();
    }

    private static ResponseStatusException badRequest(String detail) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
    }
}
