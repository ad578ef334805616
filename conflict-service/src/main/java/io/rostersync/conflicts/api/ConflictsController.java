package io.rostersync.conflicts.api;

import io.rostersync.conflicts.metrics.ConflictCounters;
import io.rostersync.conflicts.resolution.ConflictResolutions;
import io.rostersync.conflicts.resolution.FieldChoice;
import io.rostersync.conflicts.resolution.ResolutionRequest;
import io.rostersync.core.conflicts.ConflictQuery;
import io.rostersync.core.conflicts.SyncConflict;
import io.rostersync.core.conflicts.SyncConflicts;
import io.rostersync.core.roster.EntityType;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The divergence inbox: list and inspect conflicts (viewer), resolve one or many (operator, sync-core's rule for
 * every non-GET {@code /api/**} call). Malformed input is a 400 naming what is wrong; nothing is half-applied.
 */
@RestController
class ConflictsController {

    /** Bounds one Firestore query and one response. */
    static final int MAX_LIMIT = 200;
    private static final Set<String> STATUSES = Set.of(SyncConflict.OPEN, SyncConflict.RESOLVED, SyncConflict.SUPERSEDED);
    private static final Set<String> STRATEGIES = Set.of(ResolutionRequest.KEEP_LOCAL, ResolutionRequest.KEEP_REMOTE, ResolutionRequest.MERGE);
    private static final Set<String> FILTER_KEYS = Set.of("integrationId", "entityType", "olderThan", "detectedBefore");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SyncConflicts conflicts;
    private final ConflictResolutions resolutions;
    private final Clock clock;
    private final ConflictCounters counters;

    ConflictsController(SyncConflicts conflicts, ConflictResolutions resolutions, Clock clock, ConflictCounters counters) {
        this.conflicts = conflicts;
        this.resolutions = resolutions;
        this.clock = clock;
        this.counters = counters;
    }

    @GetMapping("/api/conflicts")
    Mono<ConflictList> list(@RequestParam(required = false) String integrationId,
                            @RequestParam(required = false) String entityType,
                            @RequestParam(required = false) String status,
                            @RequestParam(required = false) String resolvedBy,
                            @RequestParam(required = false) String olderThan,
                            @RequestParam(required = false) String detectedBefore,
                            @RequestParam(required = false) String after,
                            @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            return Mono.error(badRequest("limit must be between 1 and " + MAX_LIMIT + ", was " + limit));
        }
        String statusFilter = blankToNull(status);
        if (statusFilter != null && !STATUSES.contains(statusFilter)) {
            return Mono.error(badRequest("unknown status '" + statusFilter + "'; expected open, resolved or superseded"));
        }
        ConflictQuery query;
        try {
            query = new ConflictQuery(blankToNull(integrationId), entityType(blankToNull(entityType)), statusFilter,
                    blankToNull(resolvedBy), before(blankToNull(olderThan), blankToNull(detectedBefore)));
        } catch (IllegalArgumentException e) {
            return Mono.error(badRequest(e.getMessage()));
        }
        return blocking(() -> {
            SyncConflicts.Page page = conflicts.page(query, blankToNull(after), limit);
            return new ConflictList(page.items().stream().map(ConflictView::of).toList(), page.nextCursor());
        });
    }

    @GetMapping("/api/conflicts/{conflictId}")
    Mono<ConflictView> one(@PathVariable String conflictId) {
        return blocking(() -> ConflictView.of(conflicts.find(conflictId).orElseThrow(() -> notFound(conflictId))));
    }

    @GetMapping("/api/conflicts/{conflictId}/audit")
    Mono<AuditList> audit(@PathVariable String conflictId) {
        return blocking(() -> {
            conflicts.find(conflictId).orElseThrow(() -> notFound(conflictId));
            return new AuditList(conflictId, conflicts.audit(conflictId));
        });
    }

    @PostMapping("/api/conflicts/{conflictId}/resolution")
    Mono<ConflictView> resolve(@PathVariable String conflictId, @RequestBody JsonNode body, Principal principal) {
        ResolutionRequest request;
        try {
            request = resolutionRequest(body);
        } catch (IllegalArgumentException e) {
            return Mono.error(badRequest(e.getMessage()));
        }
        return blocking(() -> {
            SyncConflict resolved = resolutions.resolve(conflictId, request, principal.getName()).orElseThrow(() -> notFound(conflictId));
            counters.resolved(resolved.integrationId(), request.strategy(), 1);
            return ConflictView.of(resolved);
        });
    }

    @PostMapping("/api/conflicts/bulk-resolutions")
    Mono<BulkResolutionResult> resolveAll(@RequestBody JsonNode body, Principal principal) {
        ConflictQuery filter;
        String strategy;
        try {
            if (body == null || !body.isObject()) {
                throw new IllegalArgumentException("the body must be a JSON object with filter and strategy");
            }
            strategy = text(body, "strategy");
            if (!ResolutionRequest.KEEP_LOCAL.equals(strategy) && !ResolutionRequest.KEEP_REMOTE.equals(strategy)) {
                throw new IllegalArgumentException("strategy must be keep-local or keep-remote for a bulk resolution, was '" + strategy + "'");
            }
            JsonNode f = body.get("filter");
            if (f == null || !f.isObject()) {
                throw new IllegalArgumentException("filter must be an object (integrationId, entityType, olderThan, detectedBefore)");
            }
            for (String key : f.propertyNames()) {
                if (!FILTER_KEYS.contains(key)) {
                    throw new IllegalArgumentException("unknown filter '" + key + "'; expected one of " + FILTER_KEYS);
                }
            }
            filter = ConflictQuery.open(text(f, "integrationId"), entityType(text(f, "entityType")),
                    before(text(f, "olderThan"), text(f, "detectedBefore")));
        } catch (IllegalArgumentException e) {
            return Mono.error(badRequest(e.getMessage()));
        }
        return blocking(() -> {
            ConflictResolutions.BulkOutcome outcome = resolutions.resolveAll(filter, strategy, principal.getName());
            counters.resolved(filter.integrationId() == null ? "any" : filter.integrationId(), strategy, outcome.resolved());
            return new BulkResolutionResult(outcome.resolved(), outcome.published(), outcome.more());
        });
    }

    private static ResolutionRequest resolutionRequest(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object with strategy, basedOn and (for merge) fields");
        }
        String strategy = text(body, "strategy");
        if (strategy == null || !STRATEGIES.contains(strategy)) {
            throw new IllegalArgumentException("strategy must be keep-local, keep-remote or merge, was '" + strategy + "'");
        }
        String basedOn = text(body, "basedOn");
        if (basedOn == null) {
            throw new IllegalArgumentException("basedOn is required: the version of the conflict the decision was taken on");
        }
        JsonNode fields = body.get("fields");
        Map<String, FieldChoice> choices = new LinkedHashMap<>();
        if (fields != null && !fields.isNull()) {
            if (!ResolutionRequest.MERGE.equals(strategy)) {
                throw new IllegalArgumentException("fields is only for the merge strategy");
            }
            if (!fields.isObject()) {
                throw new IllegalArgumentException("fields must be an object of field name to \"local\", \"remote\" or {\"value\":...}");
            }
            for (var entry : fields.properties()) {
                JsonNode choice = entry.getValue();
                if (choice.isString() && FieldChoice.LOCAL.equals(choice.asString())) {
                    choices.put(entry.getKey(), FieldChoice.local());
                } else if (choice.isString() && FieldChoice.REMOTE.equals(choice.asString())) {
                    choices.put(entry.getKey(), FieldChoice.remote());
                } else if (choice.isObject() && choice.size() == 1 && choice.has("value")) {
                    choices.put(entry.getKey(), FieldChoice.edited(JSON.treeToValue(choice.get("value"), Object.class)));
                } else {
                    throw new IllegalArgumentException("field '" + entry.getKey() + "' must be \"local\", \"remote\" or {\"value\":...}");
                }
            }
        } else if (ResolutionRequest.MERGE.equals(strategy)) {
            throw new IllegalArgumentException("merge needs fields: a choice for every conflicting field");
        }
        return new ResolutionRequest(strategy, choices, basedOn);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return blankToNull(value.asString());
    }

    private static EntityType entityType(String name) {
        return name == null ? null : EntityType.fromCollection(name);
    }

    /** The earlier of "detected more than olderThan ago" and detectedBefore; null when neither is given. */
    private Instant before(String olderThan, String detectedBefore) {
        Instant bound = null;
        if (olderThan != null) {
            try {
                Duration age = Duration.parse(olderThan);
                if (age.isNegative()) {
                    throw new IllegalArgumentException("olderThan must not be negative, was " + olderThan);
                }
                bound = clock.instant().minus(age);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("olderThan must be an ISO-8601 duration such as PT1H or P7D, was '" + olderThan + "'");
            }
        }
        if (detectedBefore != null) {
            try {
                Instant instant = Instant.parse(detectedBefore);
                bound = bound == null || instant.isBefore(bound) ? instant : bound;
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("detectedBefore must be an ISO-8601 instant such as 2026-11-23T08:00:00Z, was '"
                        + detectedBefore + "'");
            }
        }
        return bound;
    }

    /** Firestore calls block: keep them off the Netty event loop. */
    private static <T> Mono<T> blocking(Callable<T> call) {
        return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
    }

    private static ResponseStatusException notFound(String conflictId) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no conflict with id '" + conflictId + "'");
    }

    private static ResponseStatusException badRequest(String detail) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
