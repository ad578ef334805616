package io.rostersync.orchestrator.alerts;

import static io.rostersync.core.firestore.FirestoreValues.await;

import com.google.cloud.firestore.Firestore;
import io.rostersync.core.conflicts.SyncConflicts;
import io.rostersync.core.deadletters.SyncDeadLetters;
import io.rostersync.core.deadletters.SyncDeadLetter;
import io.rostersync.core.integrations.Integration;
import io.rostersync.core.runs.Direction;
import io.rostersync.core.runs.RunStatus;
import io.rostersync.core.runs.SyncRun;
import io.rostersync.core.runs.SyncRuns;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads what the alert rules are about from Firestore: run history, open conflicts, waiting dead letters, held runs. */
class AlertConditions {

    /** How far back the failure streak is looked for; a rule asking for more than this many failures never fires. */
    static final int HISTORY = 50;

    private final Firestore firestore;
    private final SyncRuns runs;
    private final SyncConflicts conflicts;
    private final SyncDeadLetters deadLetters;

    AlertConditions(Firestore firestore, SyncRuns runs, SyncConflicts conflicts, SyncDeadLetters deadLetters) {
        this.firestore = firestore;
        this.runs = runs;
        this.conflicts = conflicts;
        this.deadLetters = deadLetters;
    }

    /** Failed pulls in a row, newest first, that finished after {@code countFrom} (null: all), and the last error. */
    record Streak(int failures, String lastError) {
    }

    Streak failureStreak(String integrationId, Instant countFrom) {
        int failures = 0;
        String lastError = null;
        for (SyncRun run : runs.page(integrationId, HISTORY, null, null, null)) {
            if (run.direction() != Direction.PULL || (countFrom != null && run.queuedAt() != null && !run.queuedAt().isAfter(countFrom))) {
                continue;
            }
            if (run.status() == RunStatus.FAILED) {
                failures++;
                lastError = lastError == null ? run.error() : lastError;
            } else if (run.status() == RunStatus.SUCCEEDED || run.status() == RunStatus.PARTIAL) {
                break;
            }
        }
        return new Streak(failures, lastError);
    }

    /** The rules that fire now, each with what an operator should read; rules not configured are absent. */
    Map<AlertRule, String> firing(Integration integration, AlertConfig config, Instant countFrom, Instant now) {
        String id = integration.integrationId();
        Map<AlertRule, String> firing = new EnumMap<>(AlertRule.class);
        if (config.consecutiveFailures() != null) {
            Streak streak = failureStreak(id, countFrom);
            if (streak.failures() >= config.consecutiveFailures()) {
                firing.put(AlertRule.CONSECUTIVE_FAILURES, streak.failures() + " pulls in a row failed; the last: " + streak.lastError());
            }
        }
        if (config.noSuccessFor() != null) {
            Duration limit = Duration.parse(config.noSuccessFor());
            Optional<Instant> lastSuccess = runs.page(id, 1, null, RunStatus.SUCCEEDED.value(), null).stream()
                    .map(SyncRun::finishedAt).filter(java.util.Objects::nonNull).findFirst();
            Instant since = lastSuccess.orElse(integration.createdAt());
            if (since != null && since.plus(limit).isBefore(now)) {
                firing.put(AlertRule.NO_SUCCESS, lastSuccess.isPresent() ? "no pull succeeded since " + since + " (limit " + limit + ")"
                        : "no pull succeeded since the integration was created at " + since + " (limit " + limit + ")");
            }
        }
        if (config.openConflictsAbove() != null) {
            long open = conflicts.countOpen(id);
            if (open > config.openConflictsAbove()) {
                firing.put(AlertRule.OPEN_CONFLICTS, open + " conflicts are open (limit " + config.openConflictsAbove() + ")");
            }
        }
        if (config.deadLettersAbove() != null) {
            long waiting = deadLetters.count(new SyncDeadLetters.Filter(null, id, null, SyncDeadLetter.PENDING, null, null))
                    + deadLetters.count(new SyncDeadLetters.Filter(null, id, null, SyncDeadLetter.PARKED, null, null));
            if (waiting > config.deadLettersAbove()) {
                firing.put(AlertRule.DEAD_LETTERS, waiting + " dead letters are waiting (limit " + config.deadLettersAbove() + ")");
            }
        }
        if (Boolean.TRUE.equals(config.runOnHold())) {
            List<String> held = await(firestore.collection(SyncRuns.COLLECTION).whereEqualTo("integrationId", id)
                    .whereEqualTo("status", RunStatus.ON_HOLD.value()).get()).getDocuments().stream().map(d -> d.getId()).sorted().toList();
            if (!held.isEmpty()) {
                firing.put(AlertRule.RUN_ON_HOLD, "run " + String.join(", ", held) + " is on hold for an operator's approval");
            }
        }
        return firing;
    }
}
