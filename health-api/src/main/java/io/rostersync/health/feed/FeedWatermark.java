package io.rostersync.health.feed;

import static io.rostersync.core.firestore.FirestoreValues.await;
import static io.rostersync.core.firestore.FirestoreValues.timestamp;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import io.rostersync.core.firestore.FirestoreValues;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Where counting stands, at {@code healthFeed/finishedRuns}: every run that finished before {@code finishedAt} has
 * been counted. A restart reads finished runs again from a little before it, so runs that ended while no health API
 * was running still reach the aggregates.
 */
@Component
class FeedWatermark {

    static final String COLLECTION = "healthFeed";
    static final String DOCUMENT = "finishedRuns";

    private final Firestore firestore;

    FeedWatermark(Firestore firestore) {
        this.firestore = firestore;
    }

    Optional<Instant> load() {
        DocumentSnapshot doc = await(reference().get());
        return doc.exists() ? Optional.ofNullable(FirestoreValues.instant(doc, "finishedAt")) : Optional.empty();
    }

    /**
     * Saves the watermark. Replicas may save out of order; a watermark that moves back only makes the next start
     * re-read a little more, which counting tolerates.
     */
    void save(Instant finishedAt) {
        await(reference().set(Map.of("finishedAt", timestamp(finishedAt))));
    }

    private DocumentReference reference() {
        return firestore.collection(COLLECTION).document(DOCUMENT);
    }
}
