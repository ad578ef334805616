package io.rostersync.gateway.deliveries;

import static io.rostersync.core.firestore.FirestoreValues.await;
import static io.rostersync.core.firestore.FirestoreValues.instant;
import static io.rostersync.core.firestore.FirestoreValues.timestamp;

import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutureCallback;
import com.google.api.core.ApiFutures;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.WriteBatch;
import com.google.cloud.firestore.WriteResult;
import com.google.common.util.concurrent.MoreExecutors;
import io.rostersync.core.firestore.FirestoreAccessException;
import io.rostersync.core.firestore.FirestoreValues;
import jakarta.annotation.PreDestroy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The store of published webhooks at {@code webhookDeliveries/{integrationId}_{sha256(webhookId)}}. The id is
 * hashed because a sender's webhook id may contain characters Firestore forbids in document ids ('/').
 *
 * <p>Under load one Firestore call per webhook is the gateway's bottleneck, so concurrent look-ups are coalesced into
 * one {@code getAll} and background records into one {@code WriteBatch}: a dispatcher thread takes whatever queued
 * while the previous batches were in flight (no added delay when idle), at most {@value #MAX_BATCH} per call and
 * {@value #MAX_CALLS_IN_FLIGHT} calls at a time. Look-ups block the caller; run them off the event loop.
 */
@Component
public class WebhookDeliveries {

    public static final String COLLECTION = "webhookDeliveries";
    private static final Logger log = LoggerFactory.getLogger(WebhookDeliveries.class);
    /** Firestore's limit of writes per batch; also a sensible bound for one getAll. */
    private static final int MAX_BATCH = 500;
    private static final int MAX_CALLS_IN_FLIGHT = 8;

    private record Lookup(DocumentReference document, CompletableFuture<DocumentSnapshot> result) {
    }

    private final Firestore firestore;
    private final BlockingQueue<Lookup> lookups = new LinkedBlockingQueue<>();
    private final BlockingQueue<WebhookDelivery> records = new LinkedBlockingQueue<>();
    private final Semaphore lookupCalls = new Semaphore(MAX_CALLS_IN_FLIGHT);
    private final Semaphore recordCalls = new Semaphore(MAX_CALLS_IN_FLIGHT);
    private final Thread lookupDispatcher;
    private final Thread recordDispatcher;
    private volatile boolean running = true;

    public WebhookDeliveries(Firestore firestore) {
        this.firestore = firestore;
        this.lookupDispatcher = daemon("webhook-delivery-lookups", this::dispatchLookups);
        this.recordDispatcher = daemon("webhook-delivery-records", this::dispatchRecords);
    }

    /**
     * @return the recorded delivery, expired or not; empty when the webhook id was never recorded
     * @throws FirestoreAccessException when Firestore fails or times out
     */
    public Optional<WebhookDelivery> find(String integrationId, String webhookId) {
        CompletableFuture<DocumentSnapshot> result = new CompletableFuture<>();
        lookups.add(new Lookup(document(integrationId, webhookId), result));
        DocumentSnapshot doc;
        try {
            doc = result.get(FirestoreValues.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FirestoreAccessException("interrupted while waiting for Firestore", e);
        } catch (ExecutionException e) {
            throw new FirestoreAccessException("Firestore call failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new FirestoreAccessException("Firestore did not answer within " + FirestoreValues.TIMEOUT_SECONDS + " s", e);
        }
        if (!doc.exists()) {
            return Optional.empty();
        }
        return Optional.of(new WebhookDelivery(doc.getString("integrationId"), doc.getString("webhookId"),
                doc.getString("eventId"), instant(doc, "receivedAt"), instant(doc, "expireAt")));
    }

    /**
     * Records (or re-records, after expiry) a published webhook and waits for Firestore.
     *
     * @throws FirestoreAccessException when Firestore fails or times out
     */
    public void record(WebhookDelivery delivery) {
        await(document(delivery.integrationId(), delivery.webhookId()).set(fields(delivery)));
    }

    /**
     * Queues the record and returns at once; a failure is logged, not thrown. Used after the sender was answered: a
     * lost record only means a redelivery publishes again under the same event id, which consumers drop.
     */
    public void recordInBackground(WebhookDelivery delivery) {
        records.add(delivery);
    }

    public static String documentId(String integrationId, String webhookId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(webhookId.getBytes(StandardCharsets.UTF_8));
            return integrationId + "_" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    /** Writes what is still queued (bounded), so a clean shutdown keeps every delivery it answered. */
    @PreDestroy
    void close() {
        running = false;
        recordDispatcher.interrupt();
        lookupDispatcher.interrupt();
        try {
            recordDispatcher.join(TimeUnit.SECONDS.toMillis(5));
            // Every batch call released its permit once Firestore answered.
            if (!recordCalls.tryAcquire(MAX_CALLS_IN_FLIGHT, 5, TimeUnit.SECONDS) || !records.isEmpty()) {
                log.warn("{} webhook delivery records were not written before shutdown", records.size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void dispatchLookups() {
        List<Lookup> batch = new ArrayList<>();
        while (running) {
            try {
                batch.add(lookups.take());
                lookups.drainTo(batch, MAX_BATCH - 1);
                lookupCalls.acquire();
            } catch (InterruptedException e) {
                break;
            }
            lookup(List.copyOf(batch));
            batch.clear();
        }
        lookups.drainTo(batch);
        batch.forEach(l -> l.result().completeExceptionally(new IllegalStateException("the gateway is shutting down")));
    }

    private void lookup(List<Lookup> batch) {
        // One webhook id may be looked up twice at once (a quick redelivery): ask once, answer both.
        Map<String, List<Lookup>> byPath = new LinkedHashMap<>();
        batch.forEach(l -> byPath.computeIfAbsent(l.document().getPath(), p -> new ArrayList<>()).add(l));
        DocumentReference[] documents = byPath.values().stream().map(l -> l.get(0).document()).toArray(DocumentReference[]::new);
        ApiFuture<List<DocumentSnapshot>> call;
        try {
            call = firestore.getAll(documents);
        } catch (RuntimeException e) {
            lookupCalls.release();
            batch.forEach(l -> l.result().completeExceptionally(e));
            return;
        }
        ApiFutures.addCallback(call, new ApiFutureCallback<>() {
            @Override
            public void onSuccess(List<DocumentSnapshot> snapshots) {
                lookupCalls.release();
                snapshots.forEach(s -> byPath.getOrDefault(s.getReference().getPath(), List.of()).forEach(l -> l.result().complete(s)));
                batch.forEach(l -> l.result().completeExceptionally(new IllegalStateException("Firestore returned no snapshot for "
                        + l.document().getPath())));
            }

            @Override
            public void onFailure(Throwable t) {
                lookupCalls.release();
                batch.forEach(l -> l.result().completeExceptionally(t));
            }
        }, MoreExecutors.directExecutor());
    }

    private void dispatchRecords() {
        while (true) {
            List<WebhookDelivery> batch = new ArrayList<>();
            try {
                // Once closing, drain what is queued without waiting for more, then stop.
                WebhookDelivery first = running ? records.take() : records.poll();
                if (first == null) {
                    return;
                }
                batch.add(first);
                records.drainTo(batch, MAX_BATCH - 1);
                recordCalls.acquire();
            } catch (InterruptedException e) {
                if (!batch.isEmpty()) {
                    recordCalls.acquireUninterruptibly();
                    write(batch);
                }
                continue;
            }
            write(batch);
        }
    }

    private static Thread daemon(String name, Runnable loop) {
        Thread thread = new Thread(loop, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void write(List<WebhookDelivery> batch) {
        ApiFuture<List<WriteResult>> call;
        try {
            WriteBatch writes = firestore.batch();
            batch.forEach(d -> writes.set(document(d.integrationId(), d.webhookId()), fields(d)));
            call = writes.commit();
        } catch (RuntimeException e) {
            recordCalls.release();
            log.warn("Could not record {} webhook deliveries: {}", batch.size(), e.getMessage());
            return;
        }
        ApiFutures.addCallback(call, new ApiFutureCallback<>() {
            @Override
            public void onSuccess(List<WriteResult> result) {
                recordCalls.release();
            }

            @Override
            public void onFailure(Throwable t) {
                recordCalls.release();
                // Harmless for correctness (see recordInBackground); the ids name webhooks, not people.
                log.warn("Could not record {} webhook deliveries (first: webhook {} of integration {}): {}", batch.size(),
                        batch.get(0).webhookId(), batch.get(0).integrationId(), t.getMessage());
            }
        }, MoreExecutors.directExecutor());
    }

    private static Map<String, Object> fields(WebhookDelivery delivery) {
        Map<String, Object> doc = new HashMap<>();
        doc.put("integrationId", delivery.integrationId());
        doc.put("webhookId", delivery.webhookId());
        doc.put("eventId", delivery.eventId());
        doc.put("receivedAt", timestamp(delivery.receivedAt()));
        doc.put("expireAt", timestamp(delivery.expireAt()));
        return doc;
    }

    private DocumentReference document(String integrationId, String webhookId) {
        return firestore.collection(COLLECTION).document(documentId(integrationId, webhookId));
    }
}
