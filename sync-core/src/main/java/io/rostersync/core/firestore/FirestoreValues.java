package io.rostersync.core.firestore;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentSnapshot;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import com.google.api.core.ApiFuture;

/** Conversions between our records and Firestore values, and a bounded wait on Firestore futures. */
public final class FirestoreValues {

    /** Bound every Firestore call: a hung call must fail the message so it is retried, not block a consumer forever. */
    public static final long TIMEOUT_SECONDS = 30;

    private FirestoreValues() {
    }

    public static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.ofTimeSecondsAndNanos(instant.getEpochSecond(), instant.getNano());
    }

    public static Instant instant(DocumentSnapshot doc, String field) {
        Timestamp ts = doc.getTimestamp(field);
        return ts == null ? null : Instant.ofEpochSecond(ts.getSeconds(), ts.getNanos());
    }

    public static Instant instant(Object value) {
        return value instanceof Timestamp ts ? Instant.ofEpochSecond(ts.getSeconds(), ts.getNanos()) : null;
    }

    public static long longValue(DocumentSnapshot doc, String field) {
        Long value = doc.getLong(field);
        return value == null ? 0L : value;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(DocumentSnapshot doc, String field) {
        Object value = doc.get(field);
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /**
     * Waits for a Firestore future.
     *
     * @throws FirestoreAccessException when the call fails or does not answer in {@link #TIMEOUT_SECONDS}
     */
    public static <T> T await(ApiFuture<T> future) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FirestoreAccessException("interrupted while waiting for Firestore", e);
        } catch (ExecutionException e) {
            throw new FirestoreAccessException("Firestore call failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new FirestoreAccessException("Firestore did not answer within " + TIMEOUT_SECONDS + " s", e);
        }
    }
}
