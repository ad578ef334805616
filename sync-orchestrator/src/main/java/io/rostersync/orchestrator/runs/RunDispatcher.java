package io.rostersync.orchestrator.runs;

import com.google.api.core.ApiFutureCallback;
import com.google.api.core.ApiFutures;
import com.google.cloud.firestore.FieldValue;
import com.google.cloud.firestore.WriteResult;
import com.google.common.util.concurrent.MoreExecutors;

import static io.rostersync.core.firestore.FirestoreValues.await;
import static io.rostersync.core.firestore.FirestoreValues.timestamp;

import com.google.cloud.firestore.DocumentSnapshot;
import io.rostersync.core.correlation.CorrelationId;
import io.rostersync.core.cursors.SyncCursor;
import io.rostersync.core.cursors.SyncCursors;
import io.rostersync.core.events.PullCommand;
import io.rostersync.core.events.PullMode;
import io.rostersync.core.events.Topics;
import io.rostersync.core.integrations.Integration;
import io.rostersync.core.integrations.Integrations;
import io.rostersync.core.kafka.EventPublisher;
import io.rostersync.core.kafka.PermanentFailureException;
import io.rostersync.core.roster.EntityType;
import io.rostersync.core.firestore.FirestoreValues;
import io.rostersync.core.runs.Direction;
import io.rostersync.core.runs.RunType;
import io.rostersync.core.runs.RunStatus;
import io.rostersync.core.runs.SyncRun;
import io.rostersync.core.runs.SyncRuns;
import io.rostersync.orchestrator.push.PushRuns;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns triggers into runs and runs into connector commands, keeping the rule of one active run per
 * integration and direction: while one runs, further triggers coalesce into at most one queued follow-up,
 * which starts when the active run ends.
 */
public class RunDispatcher {

    private static final Logger log = LoggerFactory.getLogger(RunDispatcher.class);
    static final String NOT_BEFORE = "notBefore";
    /** The SIS webhook ids ({@code webhook-id}) whose notices a run answers. */
    public static final String WEBHOOK_IDS = "webhookIds";

    private final Integrations integrations;
    private final SyncRuns runs;
    private final SyncCursors cursors;
    private final EventPublisher publisher;
    private final PushRuns pushRuns;
    private final Clock clock;
    private final java.time.Duration webhookRunInterval;

    public RunDispatcher(Integrations integrations, SyncRuns runs, SyncCursors cursors, EventPublisher publisher,
                         PushRuns pushRuns, Clock clock, java.time.Duration webhookRunInterval) {
        this.webhookRunInterval = webhookRunInterval;
        this.integrations = integrations;
        this.runs = runs;
        this.cursors = cursors;
        this.publisher = publisher;
        this.pushRuns = pushRuns;
        this.clock = clock;
    }

    /** The run id a trigger gets: the same trigger (a redelivery) always maps to the same run. */
    public static String runIdFor(String triggerId) {
        return "run-" + UUID.nameUUIDFromBytes(triggerId.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Starts a run for the trigger, queues it as the follow-up of the active run, or coalesces it into an
     * existing follow-up.
     *
     * @return the run that will do the work
     * @throws PermanentFailureException when the integration does not exist or is disabled
     */
    public SyncRun trigger(RunTrigger trigger) {
        Integration integration = integrations.find(trigger.integrationId())
                .orElseThrow(() -> new PermanentFailureException("integration '" + trigger.integrationId() + "' does not exist"));
        if (!integration.enabled()) {
            throw new PermanentFailureException("integration '" + trigger.integrationId() + "' is disabled");
        }
        String runId = runIdFor(trigger.triggerId());
        Optional<SyncRun> existing = runs.find(runId);
        if (existing.isPresent()) {
            // A redelivered trigger: finish what the first delivery may have left half done.
            SyncRun run = existing.get();
            if (run.status() == RunStatus.RUNNING && run.startedAt() != null) {
                if (run.direction() == Direction.PUSH) {
                    pushRuns.dispatch(integration, run);
                } else {
                    sendPull(integration, run);
                }
            }
            return run;
        }
        List<SyncRun> active = runs.blocking(trigger.integrationId(), trigger.direction());
        Optional<SyncRun> absorbing = coveringRun(trigger, active)
                .or(() -> active.stream().filter(r -> r.status() == RunStatus.QUEUED).findFirst())
                .or(() -> coveringRun(trigger, trigger.noticedAt() == null ? List.of()
                        : runs.startedSince(trigger.integrationId(), trigger.noticedAt(), 5)));
        if (absorbing.isPresent()) {
            log.info("trigger {} for {} coalesced into {} run {}", trigger.triggerId(), trigger.integrationId(),
                    absorbing.get().status().value(), absorbing.get().runId());
            if (trigger.webhookId() != null) {
                recordWebhook(absorbing.get().runId(), trigger.webhookId());
            }
            return absorbing.get();
        }
        Instant now = clock.instant();
        Map<String, String> cursorBefore = cursorsOf(trigger.integrationId());
        // Webhook runs start at most once per interval: a burst of notices becomes one run now and one queued run
        // that picks up everything else when the interval is up, instead of a run per notice.
        Instant notBefore = trigger.runType() == RunType.WEBHOOK ? webhookNotBefore(trigger.integrationId(), now) : null;
        // Paused, or behind a run that is running or on hold: queue (one follow-up), which catches up from the cursor later.
        boolean running = notBefore != null || integration.paused() || active.stream().anyMatch(RunDispatcher::occupies);
        PullMode mode = trigger.direction() == Direction.PUSH ? null : running ? PullMode.INCREMENTAL : modeFor(trigger, cursorBefore);
        SyncRun run = new SyncRun(runId, trigger.integrationId(), trigger.runType(), trigger.direction(), mode,
                RunStatus.QUEUED, null, null, cursorBefore, null, now, null, null, now, null, trigger.attempt(),
                trigger.requestedBy(), trigger.triggerId());
        if (!createRun(run, trigger, notBefore)) {
            return runs.find(runId).orElseThrow();
        }
        if (running) {
            log.info("run {} queued behind the active run of {}{}", runId, trigger.integrationId(),
                    integration.paused() ? " (integration paused)" : "");
            return run;
        }
        return start(integration, run, trigger.entityTypes(), trigger.targetIds());
    }

    /**
     * Records a trigger that is not run, with the reason visible on the run (a scheduled tick in a blackout window).
     * The same trigger always records the same run, once.
     */
    public SyncRun skip(RunTrigger trigger, String reason) {
        Instant now = clock.instant();
        SyncRun run = new SyncRun(runIdFor(trigger.triggerId()), trigger.integrationId(), trigger.runType(), trigger.direction(),
                null, RunStatus.SKIPPED, null, null, cursorsOf(trigger.integrationId()), null, now, null, now, now, reason,
                trigger.attempt(), trigger.requestedBy(), trigger.triggerId());
        if (createRun(run, trigger, null)) {
            log.info("run {} of {} skipped: {}", run.runId(), trigger.integrationId(), reason);
            return run;
        }
        return runs.find(run.runId()).orElseThrow();
    }

    /**
     * A pull that does (or did) a webhook's work: it started after the notice arrived, so it reads the SIS after the
     * change; it reads every entity type the notice names without narrowing to ids; and it is running or succeeded.
     * Without this a consumer that falls behind a burst of notices would start a run for notices already covered.
     */
    private Optional<SyncRun> coveringRun(RunTrigger trigger, List<SyncRun> candidates) {
        if (trigger.noticedAt() == null || trigger.direction() != Direction.PULL) {
            return Optional.empty();
        }
        return candidates.stream()
                .filter(r -> (r.status() == RunStatus.RUNNING || r.status() == RunStatus.SUCCEEDED) && r.direction() == Direction.PULL)
                .filter(r -> r.startedAt() != null && !r.startedAt().isBefore(trigger.noticedAt()))
                .filter(r -> r.mode() == PullMode.INCREMENTAL || r.mode() == PullMode.FULL)
                .filter(r -> {
                    DocumentSnapshot doc = await(runs.reference(r.runId()).get());
                    Object targets = doc.get("targetIds");
                    @SuppressWarnings("unchecked")
                    List<String> types = (List<String>) doc.get("entityTypes");
                    return (targets == null || ((Map<?, ?>) targets).isEmpty())
                            && (types == null || types.containsAll(trigger.entityTypes().stream().map(EntityType::collection).toList()));
                })
                .findFirst();
    }

    /**
     * Names the webhook on the run that does its work, so a record's trail names every notice behind it. Not awaited:
     * a burst of a thousand notices would otherwise wait on a thousand writes to one document and fall behind.
     */
    private void recordWebhook(String runId, String webhookId) {
        ApiFutures.addCallback(runs.reference(runId).update(WEBHOOK_IDS, FieldValue.arrayUnion(webhookId)),
                new ApiFutureCallback<>() {
                    @Override
                    public void onFailure(Throwable t) {
                        log.warn("webhook id {} not recorded on run {}: {}", webhookId, runId, t.getMessage());
                    }

                    @Override
                    public void onSuccess(WriteResult result) {
                    }
                }, MoreExecutors.directExecutor());
    }

    /** A run that holds its integration's turn: running, or on hold waiting for an operator. */
    private static boolean occupies(SyncRun run) {
        return run.status() == RunStatus.RUNNING || run.status() == RunStatus.ON_HOLD;
    }

    /**
     * Cancels an active run: its late batches are not applied, its cursors stay, and its follow-up starts.
     *
     * @return the run after the call, or empty when no run has that id
     */
    public Optional<SyncRun> cancel(String runId, String cancelledBy) {
        Optional<SyncRun> run = runs.find(runId);
        if (run.isEmpty() || !run.get().status().active()) {
            return run;
        }
        Instant now = clock.instant();
        boolean cancelled = await(runs.reference(runId).getFirestore().runTransaction(tx -> {
            var doc = tx.get(runs.reference(runId)).get();
            if (!RunStatus.fromValue(doc.getString("status")).active()) {
                return false;
            }
            tx.update(runs.reference(runId), Map.of("status", RunStatus.CANCELLED.value(), "finishedAt", timestamp(now),
                    "error", "cancelled by " + cancelledBy + "; the cursor was not moved"));
            return true;
        }));
        if (cancelled) {
            log.info("run {} cancelled by {}", runId, cancelledBy);
            startFollowUp(run.get().integrationId(), run.get().direction());
        }
        return runs.find(runId);
    }

    /**
     * Starts the oldest queued run of the integration and direction, if any, if none is running and if it is not
     * held back by the webhook run interval (the {@link QueuedRunStarter} comes back for those).
     */
    public void startFollowUp(String integrationId, Direction direction) {
        List<SyncRun> active = runs.blocking(integrationId, direction);
        if (active.stream().anyMatch(RunDispatcher::occupies) || active.stream().noneMatch(r -> r.status() == RunStatus.QUEUED)) {
            return;
        }
        Instant now = clock.instant();
        active.stream().filter(r -> r.status() == RunStatus.QUEUED)
                .filter(r -> {
                    Instant notBefore = FirestoreValues.instant(await(runs.reference(r.runId()).get()), NOT_BEFORE);
                    return notBefore == null || !notBefore.isAfter(now);
                })
                .min(Comparator.comparing(SyncRun::queuedAt))
                .ifPresent(next -> integrations.find(integrationId).filter(i -> !i.paused()).ifPresent(integration -> {
                    // Cursors moved while it waited: read them now.
                    Map<String, String> cursorBefore = cursorsOf(integrationId);
                    PullMode mode = direction == Direction.PUSH ? null : cursorBefore.isEmpty() ? PullMode.FULL : PullMode.INCREMENTAL;
                    SyncRun refreshed = new SyncRun(next.runId(), next.integrationId(), next.runType(), next.direction(),
                            mode, next.status(), next.counts(),
                            next.entityCounts(), cursorBefore, next.cursorAfter(), next.queuedAt(), null, null,
                            next.heartbeatAt(), null, next.attempt(), next.requestedBy(), next.triggerId());
                    start(integration, refreshed, List.of(EntityType.values()), Map.of());
                }));
    }

    private SyncRun start(Integration integration, SyncRun run, List<EntityType> entityTypes, Map<EntityType, List<String>> targetIds) {
        Instant now = clock.instant();
        SyncRun started = new SyncRun(run.runId(), run.integrationId(), run.runType(), run.direction(), run.mode(),
                RunStatus.RUNNING, run.counts(), run.entityCounts(), run.cursorBefore(), run.cursorAfter(), run.queuedAt(),
                now, null, now, null, run.attempt(), run.requestedBy(), run.triggerId());
        if (run.direction() == Direction.PUSH) {
            if (!claim(run.runId(), Map.of("status", RunStatus.RUNNING.value(), "startedAt", timestamp(now),
                    "heartbeatAt", timestamp(now)))) {
                return runs.find(run.runId()).orElse(started);
            }
            Optional<SyncRun> ended = pushRuns.dispatch(integration, started);
            if (ended.isPresent()) {
                startFollowUp(run.integrationId(), run.direction());
                return ended.get();
            }
            return started;
        }
        if (!claim(run.runId(), Map.of("status", RunStatus.RUNNING.value(), "mode", run.mode().value(),
                "cursorBefore", run.cursorBefore(), "startedAt", timestamp(now), "heartbeatAt", timestamp(now),
                "entityTypes", entityTypes.stream().map(EntityType::collection).toList(),
                "targetIds", targetIdsDocument(targetIds)))) {
            return runs.find(run.runId()).orElse(started);
        }
        sendPull(integration, started, entityTypes, targetIds);
        log.info("run {} started for {}: {} pull of {}", run.runId(), run.integrationId(), run.mode().value(), entityTypes);
        return started;
    }

    /**
     * Moves a queued run to running, once: the queued-run starter, a finished run's follow-up and a resume may all try
     * to start the same queued run at the same moment, and only one of them may send its command.
     */
    private boolean claim(String runId, Map<String, Object> update) {
        boolean claimed = await(runs.reference(runId).getFirestore().runTransaction(tx -> {
            DocumentSnapshot doc = tx.get(runs.reference(runId)).get();
            if (!RunStatus.QUEUED.value().equals(doc.getString("status"))) {
                return false;
            }
            tx.update(runs.reference(runId), update);
            return true;
        }));
        if (!claimed) {
            log.info("run {} was started elsewhere (or ended) before this start; not started again", runId);
        }
        return claimed;
    }

    private void sendPull(Integration integration, SyncRun run) {
        DocumentSnapshot doc = await(runs.reference(run.runId()).get());
        @SuppressWarnings("unchecked")
        List<String> types = (List<String>) doc.get("entityTypes");
        @SuppressWarnings("unchecked")
        Map<String, List<String>> targets = (Map<String, List<String>>) doc.get("targetIds");
        Map<EntityType, List<String>> targetIds = new EnumMap<>(EntityType.class);
        if (targets != null) {
            targets.forEach((k, v) -> targetIds.put(EntityType.fromCollection(k), v));
        }
        sendPull(integration, run, types == null ? List.of(EntityType.values()) : types.stream().map(EntityType::fromCollection).toList(),
                targetIds);
    }

    private void sendPull(Integration integration, SyncRun run, List<EntityType> entityTypes, Map<EntityType, List<String>> targetIds) {
        Map<EntityType, String> commandCursors = new EnumMap<>(EntityType.class);
        if (run.mode() != PullMode.FULL) {
            run.cursorBefore().forEach((k, v) -> commandCursors.put(EntityType.fromCollection(k), v));
        }
        PullCommand command = new PullCommand(run.runId(), run.integrationId(), integration.connection(), run.mode(),
                entityTypes, commandCursors, run.mode() == PullMode.TARGETED ? targetIds : Map.of());
        // The command's event id derives from the run, so a re-sent command is recognisably the same one. Its correlation
        // id is the run's own, not whatever this thread was handling (a finished run whose follow-up this is, say).
        try (CorrelationId.Scope correlation = CorrelationId.open(run.correlationId())) {
            publisher.publishAndWait(Topics.commandsFor(integration.connector()), run.integrationId(), run.runId() + "/pull",
                    run.runId(), command);
        }
    }

    /** When the next webhook run of the integration may start, or null if it may start now. */
    private Instant webhookNotBefore(String integrationId, Instant now) {
        return runs.lastStarted(integrationId, RunType.WEBHOOK)
                .map(last -> last.plus(webhookRunInterval))
                .filter(next -> next.isAfter(now))
                .orElse(null);
    }

    private boolean createRun(SyncRun run, RunTrigger trigger, Instant notBefore) {
        Map<String, Object> doc = new java.util.HashMap<>(SyncRuns.toDocument(run));
        doc.put(NOT_BEFORE, timestamp(notBefore));
        doc.put(WEBHOOK_IDS, trigger.webhookId() == null ? List.of() : List.of(trigger.webhookId()));
        doc.put("entityTypes", trigger.entityTypes().stream().map(EntityType::collection).toList());
        doc.put("targetIds", targetIdsDocument(trigger.targetIds()));
        try {
            await(runs.reference(run.runId()).create(doc));
            return true;
        } catch (io.rostersync.core.firestore.FirestoreAccessException e) {
            if (e.getCause() instanceof com.google.api.gax.rpc.AlreadyExistsException) {
                return false;
            }
            throw e;
        }
    }

    private static Map<String, Object> targetIdsDocument(Map<EntityType, List<String>> targetIds) {
        Map<String, Object> doc = new java.util.HashMap<>();
        targetIds.forEach((k, v) -> doc.put(k.collection(), v));
        return doc;
    }

    private Map<String, String> cursorsOf(String integrationId) {
        Map<String, String> result = new java.util.TreeMap<>();
        for (SyncCursor cursor : cursors.forIntegration(integrationId).values()) {
            result.put(cursor.entityType().collection(), cursor.cursor());
        }
        return result;
    }

    private static PullMode modeFor(RunTrigger trigger, Map<String, String> cursorBefore) {
        if (trigger.requestedMode() != null) {
            return trigger.requestedMode();
        }
        if (!trigger.targetIds().isEmpty()) {
            return PullMode.TARGETED;
        }
        return cursorBefore.isEmpty() ? PullMode.FULL : PullMode.INCREMENTAL;
    }
}
