package io.rostersync.conflicts.resolution;

import io.rostersync.conflicts.ConflictSettings;
import io.rostersync.core.conflicts.ConflictQuery;
import io.rostersync.core.conflicts.ConflictStateException;
import io.rostersync.core.conflicts.SyncConflict;
import io.rostersync.core.conflicts.SyncConflicts;
import io.rostersync.core.events.ConflictResolved;
import io.rostersync.core.events.Topics;
import io.rostersync.core.kafka.EventPublisher;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Resolves conflicts: the decision and its audit entry commit in one Firestore transaction (marked unpublished),
 * then {@code ConflictResolved} goes to {@code sync.resolutions} under the deterministic event id
 * {@code <conflictId>/resolution}. Should Kafka not acknowledge, the conflict stays resolved-but-unpublished and
 * {@link #republish} sends it later; a duplicate send is harmless because the orchestrator applies the same values.
 */
@Service
public class ConflictResolutions {

    private static final Logger log = LoggerFactory.getLogger(ConflictResolutions.class);

    private final SyncConflicts conflicts;
    private final EventPublisher publisher;
    private final ConflictSettings settings;
    private final Clock clock;

    ConflictResolutions(SyncConflicts conflicts, EventPublisher publisher, ConflictSettings settings, Clock clock) {
        this.conflicts = conflicts;
        this.publisher = publisher;
        this.settings = settings;
        this.clock = clock;
    }

    /** What a bulk resolution did; {@code more} is true when conflicts matching the filter remain open. */
    public record BulkOutcome(int resolved, int published, boolean more) {
    }

    /**
     * @return the resolved conflict, or empty when no conflict has this id
     * @throws ConflictStateException when it is no longer open or {@code basedOn} is not its current version
     * @throws IllegalArgumentException when the request does not fit the conflict
     * @throws ResolutionNotPublishedException when it was resolved but Kafka did not take the event
     */
    public Optional<SyncConflict> resolve(String conflictId, ResolutionRequest request, String resolvedBy) {
        Optional<SyncConflict> resolved = conflicts.resolve(conflictId, current -> {
            if (!current.version().equals(request.basedOn())) {
                throw new ConflictStateException("conflict " + conflictId + " is at version " + current.version()
                        + ", not " + request.basedOn() + "; review the current diff and resolve again", current);
            }
            return Decisions.decide(current, request, resolvedBy, clock.instant());
        });
        resolved.ifPresent(conflict -> {
            try {
                publisher.publishAndWait(Topics.SYNC_RESOLUTIONS, conflict.integrationId(), eventId(conflict), conflict.recordId(), event(conflict));
            } catch (EventPublisher.EventPublishException e) {
                log.warn("Resolution of conflict {} not published yet: {}", conflictId, e.getMessage());
                throw new ResolutionNotPublishedException(conflictId, e);
            }
            conflicts.markPublished(List.of(conflictId));
            log.info("Conflict {} resolved with {}", conflictId, conflict.resolution());
        });
        return resolved.map(c -> withPublished(c));
    }

    /** Resolves every open conflict matching the filter (up to the bulk limit) with keep-local or keep-remote. */
    public BulkOutcome resolveAll(ConflictQuery filter, String strategy, String resolvedBy) {
        ResolutionRequest request = new ResolutionRequest(strategy, null, null);
        ConflictQuery open = ConflictQuery.open(filter.integrationId(), filter.entityType(), filter.detectedBefore());
        int resolved = 0;
        int published = 0;
        while (resolved < settings.bulkLimit()) {
            int chunk = Math.min(SyncConflicts.MAX_PER_TRANSACTION, settings.bulkLimit() - resolved);
            List<String> ids = conflicts.page(open, null, chunk).items().stream().map(SyncConflict::conflictId).toList();
            if (ids.isEmpty()) {
                return new BulkOutcome(resolved, published, false);
            }
            List<SyncConflict> done = conflicts.resolveAll(ids, c -> Decisions.decide(c, request, resolvedBy, clock.instant()));
            if (done.isEmpty()) {
                break;
            }
            resolved += done.size();
            published += publishAll(done);
        }
        boolean more = !conflicts.page(open, null, 1).items().isEmpty();
        log.info("Bulk resolution with {} resolved {} conflicts ({} published)", strategy, resolved, published);
        return new BulkOutcome(resolved, published, more);
    }

    /** Sends resolutions whose event did not reach Kafka (a failed publish, or a crash between commit and send). */
    @Scheduled(fixedDelayString = "${rostersync.conflicts.republish-interval}")
    public void republish() {
        List<SyncConflict> pending = conflicts.unpublished(SyncConflicts.MAX_PER_TRANSACTION);
        if (!pending.isEmpty()) {
            int sent = publishAll(pending);
            log.info("Republished {} of {} unpublished resolutions", sent, pending.size());
        }
    }

    /** Publishes concurrently and records which ones Kafka acknowledged; the rest stay for {@link #republish}. */
    private int publishAll(List<SyncConflict> resolved) {
        List<CompletableFuture<?>> sends = new ArrayList<>();
        for (SyncConflict conflict : resolved) {
            sends.add(publisher.publish(Topics.SYNC_RESOLUTIONS, conflict.integrationId(), eventId(conflict), conflict.recordId(), event(conflict)));
        }
        List<String> acknowledged = new ArrayList<>();
        long deadline = System.nanoTime() + publisher.ackTimeout().toNanos();
        for (int i = 0; i < sends.size(); i++) {
            try {
                sends.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                acknowledged.add(resolved.get(i).conflictId());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                log.warn("Resolution of conflict {} not published yet: {}", resolved.get(i).conflictId(), e.getMessage());
            }
        }
        conflicts.markPublished(acknowledged);
        return acknowledged.size();
    }

    static String eventId(SyncConflict conflict) {
        return conflict.conflictId() + "/resolution";
    }

    private static ConflictResolved event(SyncConflict c) {
        return new ConflictResolved(c.conflictId(), c.integrationId(), c.entityType(), c.recordId(), c.resolution(),
                c.resultingRecord(), c.resolvedBy(), c.resolvedAt());
    }

    private static SyncConflict withPublished(SyncConflict c) {
        return new SyncConflict(c.conflictId(), c.integrationId(), c.entityType(), c.recordId(), c.runId(), c.status(),
                c.baseSnapshot(), c.localSnapshot(), c.remoteSnapshot(), c.fields(), c.resolution(), c.resolvedBy(),
                c.detectedAt(), c.resolvedAt(), c.supersededBy(), c.resultingRecord(), true);
    }
}
