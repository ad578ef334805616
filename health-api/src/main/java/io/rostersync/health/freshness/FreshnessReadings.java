package io.rostersync.health.freshness;

import static io.rostersync.core.firestore.FirestoreValues.await;

import com.google.cloud.firestore.Firestore;
import io.rostersync.core.freshness.IntegrationFreshness;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Each integration's newest applied SIS change, read on the backlog's schedule (one query for the whole fleet, never
 * per request). The orchestrator writes these documents when runs complete; the overview shows their age and the
 * metrics export it.
 */
@Component
public class FreshnessReadings {

    private static final Logger log = LoggerFactory.getLogger(FreshnessReadings.class);

    private final Firestore firestore;
    private volatile Map<String, Instant> newestChanges = Map.of();

    FreshnessReadings(Firestore firestore) {
        this.firestore = firestore;
    }

    /** When the newest SIS change applied for the integration was made; empty before any run applied one. */
    public Optional<Instant> newestChangeAt(String integrationId) {
        return Optional.ofNullable(newestChanges.get(integrationId));
    }

    public Map<String, Instant> all() {
        return newestChanges;
    }

    @Scheduled(fixedDelayString = "${rostersync.health.backlog.refresh}", initialDelay = 0)
    public void refresh() {
        try {
            Map<String, Instant> read = new HashMap<>();
            await(firestore.collection(IntegrationFreshness.COLLECTION).get()).getDocuments().stream()
                    .map(IntegrationFreshness::fromDocument)
                    .filter(f -> f.newestChangeAt() != null)
                    .forEach(f -> read.put(f.integrationId(), f.newestChangeAt()));
            newestChanges = Map.copyOf(read);
        } catch (RuntimeException e) {
            log.warn("Reading the integrations' freshness failed; the next refresh tries again: {}", e.toString());
        }
    }
}
