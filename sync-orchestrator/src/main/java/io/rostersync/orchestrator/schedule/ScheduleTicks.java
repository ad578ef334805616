package io.rostersync.orchestrator.schedule;

import static io.rostersync.core.firestore.FirestoreValues.await;
import static io.rostersync.core.firestore.FirestoreValues.timestamp;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import io.rostersync.core.firestore.FirestoreValues;
import io.rostersync.core.integrations.Integration;
import io.rostersync.core.integrations.Integrations;
import io.rostersync.core.runs.Direction;
import io.rostersync.core.runs.RunType;
import io.rostersync.orchestrator.pauses.Blackouts;
import io.rostersync.orchestrator.reconciliation.Reconciliations;
import io.rostersync.orchestrator.runs.RunDispatcher;
import io.rostersync.orchestrator.runs.RunTrigger;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.support.CronExpression;

/**
 * Fires each integration's cron schedule. Every replica checks, but a tick is claimed in a Firestore
 * transaction on {@code scheduleLeases/{integrationId}} (its last fired time moves only forward), so each tick
 * yields one run however many orchestrators run. Ticks missed while no orchestrator ran are caught up once, not
 * replayed one by one.
 */
class ScheduleTicks {

    static final String LEASES = "scheduleLeases";
    /** Lease id suffix of an integration's reconciliation schedule, beside its sync schedule's lease. */
    static final String RECONCILIATION_LEASE = "_reconciliation";
    private static final Logger log = LoggerFactory.getLogger(ScheduleTicks.class);
    private static final int MAX_CATCH_UP_STEPS = 100_000;

    private final Firestore firestore;
    private final Integrations integrations;
    private final RunDispatcher dispatcher;
    private final Clock clock;
    private final String instanceId;
    private final Reconciliations reconciliations;

    ScheduleTicks(Firestore firestore, Integrations integrations, RunDispatcher dispatcher, Reconciliations reconciliations, Clock clock,
                  String instanceId) {
        this.reconciliations = reconciliations;
        this.firestore = firestore;
        this.integrations = integrations;
        this.dispatcher = dispatcher;
        this.clock = clock;
        this.instanceId = instanceId;
    }

    @Scheduled(fixedDelayString = "${rostersync.orchestrator.schedule-check-interval}")
    void check() {
        List<Integration> scheduled;
        try {
            scheduled = integrations.list().stream()
                    .filter(i -> i.enabled() && (i.schedule() != null || i.reconciliationSchedule() != null)).toList();
        } catch (RuntimeException e) {
            log.warn("schedule check skipped: {}", e.getMessage());
            return;
        }
        for (Integration integration : scheduled) {
            try {
                if (integration.reconciliationSchedule() != null) {
                    // A drift check reads and compares only: pauses and blackout windows, which are about applying, do not stop it.
                    claimDueTick(integration.integrationId() + RECONCILIATION_LEASE, integration.reconciliationSchedule()).ifPresent(tick ->
                            reconciliations.start(integration, "scheduler", integration.integrationId() + "@reconciliation@" + tick));
                }
                if (integration.schedule() == null) {
                    continue;
                }
                claimDueTick(integration).ifPresent(tick -> {
                    log.info("scheduled tick {} of {} claimed by {}", tick, integration.integrationId(), instanceId);
                    RunTrigger trigger = new RunTrigger(integration.integrationId() + "@" + tick, integration.integrationId(),
                            RunType.SCHEDULED, Direction.PULL, List.of(), Map.of(), "scheduler", null);
                    // A skipped tick is still recorded as a run, so the dashboard shows why nothing ran.
                    Blackouts.covering(integration, tick).ifPresentOrElse(
                            window -> dispatcher.skip(trigger, Blackouts.reason(window, integration, tick)),
                            () -> dispatcher.trigger(trigger));
                });
            } catch (RuntimeException e) {
                // One integration's bad schedule or a passing Firestore error must not stop the others.
                log.warn("schedule of {} not checked: {}", integration.integrationId(), e.getMessage());
            }
        }
    }

    /** Claims the latest due tick of the integration, if any is due and no replica claimed it yet. */
    Optional<Instant> claimDueTick(Integration integration) {
        return claimDueTick(integration.integrationId(), integration.schedule());
    }

    /** Claims the latest due tick of one cron schedule, leased at {@code scheduleLeases/{leaseId}}. */
    Optional<Instant> claimDueTick(String leaseId, String schedule) {
        CronExpression cron = CronExpression.parse(schedule);
        Instant now = clock.instant();
        DocumentReference lease = firestore.collection(LEASES).document(leaseId);
        return Optional.ofNullable(await(firestore.runTransaction(tx -> {
            DocumentSnapshot doc = tx.get(lease).get();
            Instant last = doc.exists() ? FirestoreValues.instant(doc, "lastFiredAt") : null;
            if (last == null || !schedule.equals(doc.getString("schedule"))) {
                // A new or changed schedule starts from now: it does not fire for times before it existed.
                tx.set(lease, lease(leaseId, schedule, now, null));
                return null;
            }
            Instant due = latestFireTime(cron, last, now);
            if (due == null) {
                return null;
            }
            tx.set(lease, lease(leaseId, schedule, due, due));
            return due;
        })));
    }

    private Map<String, Object> lease(String leaseId, String schedule, Instant lastFiredAt, Instant tick) {
        Map<String, Object> doc = new HashMap<>();
        doc.put("integrationId", leaseId.endsWith(RECONCILIATION_LEASE) ? leaseId.substring(0, leaseId.length() - RECONCILIATION_LEASE.length()) : leaseId);
        doc.put("schedule", schedule);
        doc.put("lastFiredAt", timestamp(lastFiredAt));
        doc.put("lastTick", timestamp(tick));
        doc.put("claimedBy", instanceId);
        return doc;
    }

    /** The latest fire time after {@code last} and not after {@code now}; null when none is due. */
    static Instant latestFireTime(CronExpression cron, Instant last, Instant now) {
        ZonedDateTime cursor = last.atZone(ZoneOffset.UTC);
        ZonedDateTime due = null;
        for (int i = 0; i < MAX_CATCH_UP_STEPS; i++) {
            ZonedDateTime next = cron.next(cursor);
            if (next == null || next.toInstant().isAfter(now)) {
                break;
            }
            due = next;
            cursor = next;
        }
        return due == null ? null : due.toInstant();
    }
}
