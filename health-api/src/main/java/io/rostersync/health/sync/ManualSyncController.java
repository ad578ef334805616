package io.rostersync.health.sync;

import static io.rostersync.health.web.BlockingCalls.offEventLoop;

import io.rostersync.core.events.SyncRequested;
import io.rostersync.core.events.Topics;
import io.rostersync.core.integrations.Integration;
import io.rostersync.core.integrations.Integrations;
import io.rostersync.core.kafka.EventPublisher;
import io.rostersync.core.roster.EntityType;
import io.rostersync.core.runs.Direction;
import io.rostersync.core.runs.RunType;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/** "Run Sync Now": validates the request and publishes {@link SyncRequested} for the orchestrator. */
@RestController
class ManualSyncController {

    private static final Logger log = LoggerFactory.getLogger(ManualSyncController.class);

    private final Integrations integrations;
    private final EventPublisher publisher;
    private final Clock clock;

    ManualSyncController(Integrations integrations, EventPublisher publisher, Clock clock) {
        this.integrations = integrations;
        this.publisher = publisher;
        this.clock = clock;
    }

    /**
     * Answers 202 only after the broker acknowledged the request, so an accepted sync is never lost;
     * 503 (via {@code ApiProblems}) when Kafka does not acknowledge.
     */
    @PostMapping("/api/integrations/{integrationId}/sync")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<SyncAccepted> requestSync(@PathVariable String integrationId,
                                   @RequestBody(required = false) ManualSyncRequest body,
                                   Principal principal) {
        ManualSyncRequest request = body == null ? ManualSyncRequest.DEFAULT : body;
        List<EntityType> entityTypes;
        Direction direction;
        try {
            entityTypes = entityTypes(request.entityTypes());
            direction = direction(request.direction());
        } catch (ResponseStatusException e) {
            return Mono.error(e);
        }
        return offEventLoop(() -> {
            Integration integration = integrations.find(integrationId).orElseThrow(() -> new ResponseStatusException(
                    HttpStatus.NOT_FOUND, "no integration with id '" + integrationId + "'"));
            if (!integration.enabled()) {
                throw new ResponseStatusException(HttpStatus.CONFLICT,
                        "integration '" + integrationId + "' is disabled; enable it before requesting a sync");
            }
            String eventId = UUID.randomUUID().toString();
            SyncRequested event = new SyncRequested(integrationId, RunType.MANUAL, direction, entityTypes,
                    principal.getName(), Instant.now(clock));
            publisher.publishAndWait(Topics.SYNC_REQUESTS, integrationId, eventId, integrationId, event);
            log.info("Manual {} sync of integration {} requested as event {}", direction.value(), integrationId, eventId);
            return new SyncAccepted(eventId, integrationId);
        });
    }

    private static List<EntityType> entityTypes(List<String> names) {
        if (names == null) {
            return List.of();
        }
        List<EntityType> types = new ArrayList<>();
        for (String name : names) {
            EntityType type = Arrays.stream(EntityType.values()).filter(t -> t.collection().equals(name)).findFirst()
                    .orElseThrow(() -> new ResponseStatusException(HttpStatus.BAD_REQUEST, "unknown entity type '" + name
                            + "'; valid entity types are " + Arrays.stream(EntityType.values()).map(EntityType::collection)
                            .collect(Collectors.joining(", "))));
            if (!types.contains(type)) {
                types.add(type);
            }
        }
        return types;
    }

    private static Direction direction(String value) {
        if (value == null || value.isBlank()) {
            return Direction.PULL;
        }
        return Arrays.stream(Direction.values()).filter(d -> d.value().equals(value)).findFirst()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.BAD_REQUEST, "unknown direction '" + value
                        + "'; valid directions are pull, push"));
    }
}
