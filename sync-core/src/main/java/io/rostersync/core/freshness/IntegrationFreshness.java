package io.rostersync.core.freshness;

import com.google.cloud.firestore.DocumentSnapshot;
import io.rostersync.core.firestore.FirestoreValues;
import java.time.Instant;

/**
 * How current an integration's roster is: the SIS modification time of the newest change RosterSync has applied, at
 * {@code integrationFreshness/{integrationId}}. The orchestrator moves it forward when a run completes; the health API
 * shows its age (freshness) and exports it as a metric. A district whose SIS keeps changing but whose syncs stopped
 * applying shows a growing age even while runs "succeed" with nothing to do.
 *
 * @param newestChangeAt the largest {@code dateLastModified} (Ed-Fi {@code _lastModifiedDate}) of an applied record
 * @param runId the run that applied it
 * @param updatedAt when this document last moved
 */
public record IntegrationFreshness(String integrationId, Instant newestChangeAt, String runId, Instant updatedAt) {

    public static final String COLLECTION = "integrationFreshness";
    /** The field of a run's batch marker that holds the newest modification time among the batch's records. */
    public static final String MARKER_FIELD = "newestChangeAt";

    public static IntegrationFreshness fromDocument(DocumentSnapshot doc) {
        return new IntegrationFreshness(doc.getId(), FirestoreValues.instant(doc, "newestChangeAt"), doc.getString("runId"),
                FirestoreValues.instant(doc, "updatedAt"));
    }
}
