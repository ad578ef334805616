package io.rostersync.orchestrator.holds;

import static io.rostersync.core.firestore.FirestoreValues.await;

import com.google.cloud.firestore.Blob;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.cloud.firestore.WriteBatch;
import io.rostersync.core.events.RecordBatch;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import tools.jackson.databind.json.JsonMapper;

/**
 * Batches of a guarded run kept at {@code syncRuns/{runId}/staged/{seq}} until the run is decided. Stored gzipped: a
 * batch is as large as a Kafka message may be (1 MB), which is also about the most a Firestore document may hold.
 */
public final class StagedBatches {

    public static final String COLLECTION = "staged";

    private StagedBatches() {
    }

    public static DocumentReference reference(DocumentReference run, String seq) {
        return run.collection(COLLECTION).document(seq);
    }

    public static Map<String, Object> encode(RecordBatch batch, JsonMapper json) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(json.writeValueAsBytes(batch));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("seq", batch.seq(), "batch", Blob.fromBytes(bytes.toByteArray()));
    }

    public static RecordBatch decode(DocumentSnapshot doc, JsonMapper json) {
        Blob blob = doc.getBlob("batch");
        try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(blob.toBytes()))) {
            return json.readValue(gzip.readAllBytes(), RecordBatch.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Drops the kept batches of a run once they are applied or rejected; the markers stay as the record of the run. */
    public static void discard(Firestore firestore, DocumentReference run) {
        WriteBatch batch = firestore.batch();
        int pending = 0;
        for (QueryDocumentSnapshot doc : await(run.collection(COLLECTION).get()).getDocuments()) {
            batch.delete(doc.getReference());
            if (++pending == 400) {
                await(batch.commit());
                batch = firestore.batch();
                pending = 0;
            }
        }
        if (pending > 0) {
            await(batch.commit());
        }
    }
}
