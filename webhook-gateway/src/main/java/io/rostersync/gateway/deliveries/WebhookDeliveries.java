package io.rostersync.gateway.deliveries;

import static io.rostersync.core.firestore.FirestoreValues.await;
import static io.rostersync.core.firestore.FirestoreValues.instant;
import static io.rostersync.core.firestore.FirestoreValues.timestamp;

import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutureCallback;
import com.google.api.core.ApiFutures;
import com.google.api.gax.rpc.AlreadyExistsException;
import com.google.api.gax.rpc.FailedPreconditionException;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Precondition;
import com.google.cloud.firestore.WriteBatch;
import com.google.cloud.firestore.WriteResult;
import com.google.common.util.concurrent.MoreExecutors;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.rostersync.core.firestore.FirestoreAccessException;
import io.rostersync.gateway.GatewaySettings;
import io.rostersync.gateway.deliveries.DeliveryClaim.AlreadyPublished;
import io.rostersync.gateway.deliveries.DeliveryClaim.InProgress;
import io.rostersync.gateway.deliveries.DeliveryClaim.Won;
import io.rostersync.gateway.deliveries.WebhookDelivery.State;
import jakarta.annotation.PreDestroy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The store of webhook deliveries at {@code webhookDeliveries/{integrationId}_{sha256(webhookId)}} (hashed because a
 * sender's webhook id may contain characters Firestore forbids in document ids), and the only place that decides
 * whether a webhook id may be published.
 *
 * <p>A delivery first <em>claims</em> the webhook id by creating its record in state {@code publishing}; Firestore's
 * create fails when the record exists, so of two deliveries of one webhook id, on any number of gateway instances, only
 * one can win. The winner publishes and then <em>confirms</em> the record ({@code published}) or, when Kafka did not
 * acknowledge, <em>releases</em> it (deletes it) so the sender's retry can try again. A claim that stays
 * {@code publishing} longer than {@code claim-timeout} was left by a gateway that crashed mid-way; the next delivery takes
 * it over and publishes again, under the same event id, because the event may or may not have reached the topic:
 * nothing is lost, and the copy is dropped by consumers (they de-duplicate by event id).
 *
 * <p>Claims and confirmations are group-committed ({@link GroupCommit}): the claims and confirmations of concurrent
 * webhooks share one atomic {@link WriteBatch} (creates and overwrites), so under load a Firestore call carries many
 * webhooks and the per-call cost, which dominates the emulator's and the client's work, is shared. When a claimed record
 * already exists the whole batch fails: its confirmations are queued again, its claimed records read with one
 * {@code getAll}, the existing ones settled one by one and the others claimed again in a batch of their own.
 */
@Component
public class WebhookDeliveries {

    public static final String COLLECTION = "webhookDeliveries";
    private static final Logger log = LoggerFactory.getLogger(WebhookDeliveries.class);
    /** Firestore's limit of writes per batch. */
    private static final int MAX_BATCH = 500;
    /**
     * Calls in flight at once. Few, so that under load writes queue into large batches (the emulator spends about as much
     * on a call as on 30 documents in it), but two, so a claim rarely waits for a whole call before its own starts.
     */
    private static final int CALLS = 2;
    /**
     * A batch this large goes without waiting for the linger: under load, batches fill while earlier calls are in
     * flight, and waiting would only add latency (the emulator's cost per write has flattened out by about this size).
     */
    private static final int ENOUGH_TO_GO = 16;
    /** Tries of one claim or confirmation before its webhook is answered 503 (claims) or left to the claim timeout. */
    private static final int MAX_ATTEMPTS = 3;

    /** One queued write: a claim (create) a webhook waits for, or a confirmation (overwrite) nobody waits for. */
    private sealed interface Write {
        DocumentReference document();
    }

    private record ClaimRequest(WebhookDelivery delivery, DocumentReference document, CompletableFuture<DeliveryClaim> result,
                                int attempt) implements Write {

        ClaimRequest again() {
            return new ClaimRequest(delivery, document, result, attempt + 1);
        }
    }

    private record Confirmation(WebhookDelivery delivery, DocumentReference document, int attempt) implements Write {

        Confirmation again() {
            return new Confirmation(delivery, document, attempt + 1);
        }
    }

    private final Firestore firestore;
    private final Clock clock;
    private final Duration timeout;
    private final Duration claimTimeout;
    private final GroupCommit<Write> writes;
    private final DistributionSummary writesPerCall;
    private final Timer claimTime;

    public WebhookDeliveries(Firestore firestore, Clock clock, GatewaySettings settings, MeterRegistry meters) {
        this.firestore = firestore;
        this.clock = clock;
        this.timeout = settings.firestoreTimeout();
        this.claimTimeout = settings.claimTimeout();
        // How well group commit works: near 1 while idle, tens under load; its count is the Firestore calls made.
        this.writesPerCall = DistributionSummary.builder("rostersync.gateway.delivery.writes.per.call")
                .description("Claims and confirmations of webhook deliveries written per Firestore call").register(meters);
        this.claimTime = Timer.builder("rostersync.gateway.delivery.claim")
                .description("Time from queueing a webhook's claim to knowing its outcome").register(meters);
        this.writes = new GroupCommit<>("webhook-delivery-writes", MAX_BATCH, CALLS, settings.deliveryLinger(), ENOUGH_TO_GO,
                this::writeAll);
    }

    /**
     * Claims the webhook id for publication, unless it was published (or is being published) already.
     *
     * @param delivery the record to create, in state {@link State#PUBLISHING}
     * @return completes with the outcome, or exceptionally with {@link FirestoreAccessException} when Firestore fails or
     *     does not answer within {@code firestore-timeout}; never blocks
     */
    public CompletableFuture<DeliveryClaim> claim(WebhookDelivery delivery) {
        // Bounded from the start, queueing included: behind hung calls the queue would otherwise grow without limit.
        CompletableFuture<DeliveryClaim> result = new CompletableFuture<DeliveryClaim>().orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
        long queued = System.nanoTime();
        result.whenComplete((outcome, error) -> claimTime.record(System.nanoTime() - queued, TimeUnit.NANOSECONDS));
        writes.add(new ClaimRequest(delivery, document(delivery), result, 1));
        return result;
    }

    /**
     * Marks a won claim as published, in the background; returns at once. A confirmation that cannot be written
     * (after retries) is logged: the claim then looks abandoned after {@code claim-timeout} and a later redelivery
     * publishes again under the same event id, which consumers drop.
     */
    public void confirm(WebhookDelivery published) {
        writes.add(new Confirmation(published, document(published), 1));
    }

    /**
     * Gives a won claim up after Kafka did not acknowledge its event, so the sender's retry can claim it again. Only the
     * claim as this delivery wrote it is deleted (a precondition on its version).
     *
     * @return completes when Firestore answered; a failure is logged, not thrown (the claim then times out instead)
     */
    public CompletableFuture<Void> release(Won claim) {
        WebhookDelivery delivery = claim.delivery();
        return call(document(delivery.integrationId(), delivery.webhookId()).delete(Precondition.updatedAt(claim.version())))
                .handle((result, error) -> {
                    if (error != null && cause(error) instanceof FailedPreconditionException) {
                        log.info("The claim of webhook {} of integration {} was taken over by another delivery; nothing to release",
                                delivery.webhookId(), delivery.integrationId());
                    } else if (error != null) {
                        log.warn("Could not release the claim of webhook {} of integration {}; a retry can publish it after the claim "
                                + "timeout: {}", delivery.webhookId(), delivery.integrationId(), describe(cause(error)));
                    }
                    return null;
                });
    }

    /**
     * Blocking read of one record, for tests and operations; the intake uses {@link #claim}.
     *
     * @return the record, expired or not; empty when the webhook id was never claimed
     * @throws FirestoreAccessException when Firestore fails or times out
     */
    public Optional<WebhookDelivery> find(String integrationId, String webhookId) {
        DocumentSnapshot doc = await(document(integrationId, webhookId).get());
        return doc.exists() ? Optional.of(delivery(doc)) : Optional.empty();
    }

    public static String documentId(String integrationId, String webhookId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(webhookId.getBytes(StandardCharsets.UTF_8));
            return integrationId + "_" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    /** Writes the confirmations still queued (bounded), so a clean shutdown leaves no claim looking abandoned. */
    @PreDestroy
    void close() {
        if (!writes.close(timeout.multipliedBy(2))) {
            log.warn("{} webhook delivery claims and confirmations were not written before shutdown", writes.pending());
        }
    }

    private CompletableFuture<?> writeAll(List<Write> queued) {
        if (queued.stream().allMatch(write -> write instanceof ClaimRequest claim && claim.result().isDone())) {
            return CompletableFuture.completedFuture(null);
        }
        // Two writes of one record in one batch would fail it; the later one goes to the next batch.
        Map<String, Write> byPath = new LinkedHashMap<>();
        for (Write write : queued) {
            if (write instanceof ClaimRequest claim && claim.result().isDone()) {
                // Its webhook was already answered 503 (timed out in the queue): claiming it now would block its retry.
                continue;
            }
            if (byPath.putIfAbsent(write.document().getPath(), write) != null) {
                writes.add(write);
            }
        }
        List<ClaimRequest> claims = new ArrayList<>();
        List<Confirmation> confirmations = new ArrayList<>();
        for (Write write : byPath.values()) {
            if (write instanceof ClaimRequest claim) {
                claims.add(claim);
            } else {
                confirmations.add((Confirmation) write);
            }
        }
        writesPerCall.record(byPath.size());
        CompletableFuture<List<WriteResult>> commit;
        try {
            WriteBatch batch = firestore.batch();
            claims.forEach(claim -> batch.create(claim.document(), fields(claim.delivery())));
            // A full overwrite, not an update: it cannot fail because the record is missing (released by a timed-out
            // predecessor, or removed by the TTL policy), and the event it states as published really was.
            confirmations.forEach(confirmation -> batch.set(confirmation.document(), fields(confirmation.delivery())));
            commit = call(batch.commit());
        } catch (RuntimeException e) {
            commit = CompletableFuture.failedFuture(e);
        }
        return commit.handle((results, error) -> {
            if (error == null) {
                for (int i = 0; i < claims.size(); i++) {
                    claims.get(i).result().complete(new Won(claims.get(i).delivery(), results.get(i).getUpdateTime()));
                }
            } else if (cause(error) instanceof AlreadyExistsException) {
                // Not the confirmations' fault: they are written on their own (overwrites cannot conflict), not queued
                // again behind claims that might conflict once more.
                confirm(confirmations);
                settleConflicts(claims, 1);
            } else {
                claims.forEach(claim -> fail(claim, error));
                confirmations.forEach(confirmation -> confirmFailed(confirmation, error));
            }
            return null;
        });
    }

    /**
     * Claims that were in a batch that failed on an existing record: read them all, settle the existing ones, and create
     * the others (innocent bystanders) in a batch of their own, a few rounds at most (each round only races with
     * deliveries of the very same webhook ids).
     */
    private CompletableFuture<?> create(List<ClaimRequest> batch, int round) {
        CompletableFuture<List<WriteResult>> commit;
        try {
            WriteBatch creates = firestore.batch();
            batch.forEach(request -> creates.create(request.document(), fields(request.delivery())));
            commit = call(creates.commit());
        } catch (RuntimeException e) {
            batch.forEach(request -> fail(request, e));
            return CompletableFuture.completedFuture(null);
        }
        return commit.handle((results, error) -> {
            if (error == null) {
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).result().complete(new Won(batch.get(i).delivery(), results.get(i).getUpdateTime()));
                }
            } else if (cause(error) instanceof AlreadyExistsException) {
                settleConflicts(batch, round);
            } else {
                batch.forEach(request -> fail(request, error));
            }
            return null;
        });
    }

    private void settleConflicts(List<ClaimRequest> batch, int round) {
        DocumentReference[] documents = batch.stream().map(ClaimRequest::document).toArray(DocumentReference[]::new);
        CompletableFuture<List<DocumentSnapshot>> read;
        try {
            read = call(firestore.getAll(documents));
        } catch (RuntimeException e) {
            batch.forEach(request -> fail(request, e));
            return;
        }
        read.whenComplete((snapshots, error) -> {
            if (error != null) {
                batch.forEach(request -> fail(request, error));
                return;
            }
            Map<String, DocumentSnapshot> byPath = new HashMap<>();
            snapshots.forEach(snapshot -> byPath.put(snapshot.getReference().getPath(), snapshot));
            List<ClaimRequest> absent = new ArrayList<>();
            for (ClaimRequest request : batch) {
                DocumentSnapshot snapshot = byPath.get(request.document().getPath());
                if (snapshot != null && snapshot.exists()) {
                    settle(request, snapshot);
                } else {
                    absent.add(request);
                }
            }
            if (absent.isEmpty()) {
                return;
            }
            if (round >= MAX_ATTEMPTS) {
                absent.forEach(request -> request.result().completeExceptionally(new FirestoreAccessException("could not claim webhook "
                        + request.delivery().webhookId() + ": other deliveries of the same webhook ids kept interfering", null)));
            } else {
                create(absent, round + 1);
            }
        });
    }

    private void settle(ClaimRequest request, DocumentSnapshot snapshot) {
        WebhookDelivery existing = delivery(snapshot);
        Instant now = clock.instant();
        if (existing.isExpiredAt(now) || existing.isAbandonedAt(now, claimTimeout)) {
            takeOver(request, snapshot, existing);
        } else if (existing.state() == State.PUBLISHED) {
            request.result().complete(new AlreadyPublished(existing));
        } else {
            request.result().complete(new InProgress(existing));
        }
    }

    /** Replaces an expired or abandoned record, unless another delivery replaced it first (a precondition on its version). */
    private void takeOver(ClaimRequest request, DocumentSnapshot snapshot, WebhookDelivery existing) {
        if (existing.state() == State.PUBLISHING && !existing.isExpiredAt(clock.instant())) {
            log.warn("Webhook {} of integration {} was claimed at {} and never confirmed (its gateway stopped mid-way); "
                    + "publishing it again as event {}", existing.webhookId(), existing.integrationId(), existing.receivedAt(),
                    existing.eventId());
        }
        CompletableFuture<WriteResult> update;
        try {
            update = call(snapshot.getReference().update(fields(request.delivery()), Precondition.updatedAt(snapshot.getUpdateTime())));
        } catch (RuntimeException e) {
            fail(request, e);
            return;
        }
        update.whenComplete((result, error) -> {
            if (error == null) {
                request.result().complete(new Won(request.delivery(), result.getUpdateTime()));
            } else if (cause(error) instanceof FailedPreconditionException) {
                retry(request, "another delivery changed its record first");
            } else {
                fail(request, error);
            }
        });
    }

    private void retry(ClaimRequest request, String why) {
        if (request.attempt() >= MAX_ATTEMPTS) {
            request.result().completeExceptionally(new FirestoreAccessException("could not claim webhook " + request.delivery().webhookId()
                    + " in " + MAX_ATTEMPTS + " attempts: " + why, null));
        } else {
            // Back through the queue: the next create fails on the record and the read that follows settles the claim.
            writes.add(request.again());
        }
    }

    private void confirm(List<Confirmation> confirmations) {
        if (confirmations.isEmpty()) {
            return;
        }
        CompletableFuture<List<WriteResult>> commit;
        try {
            WriteBatch batch = firestore.batch();
            confirmations.forEach(confirmation -> batch.set(confirmation.document(), fields(confirmation.delivery())));
            commit = call(batch.commit());
        } catch (RuntimeException e) {
            commit = CompletableFuture.failedFuture(e);
        }
        commit.whenComplete((results, error) -> {
            if (error != null) {
                confirmations.forEach(confirmation -> confirmFailed(confirmation, error));
            }
        });
    }

    private void confirmFailed(Confirmation confirmation, Throwable error) {
        if (confirmation.attempt() < MAX_ATTEMPTS) {
            writes.add(confirmation.again());
        } else {
            // Harmless for correctness (see confirm); the ids name webhooks, not people.
            log.warn("Could not confirm the delivery of webhook {} of integration {}: {}", confirmation.delivery().webhookId(),
                    confirmation.delivery().integrationId(), describe(cause(error)));
        }
    }

    private static void fail(ClaimRequest request, Throwable error) {
        Throwable cause = cause(error);
        request.result().completeExceptionally(new FirestoreAccessException(describe(cause), cause));
    }

    /**
     * The call as a CompletableFuture, failed with a TimeoutException after twice {@code firestore-timeout}: a claim gives
     * up after {@code firestore-timeout} on its own (queueing included), and a hung call keeps its slot a little longer,
     * so that the claims queued behind it have been answered 503 by the time it frees up, and are skipped instead of
     * written for webhooks nobody waits for any more.
     */
    private <T> CompletableFuture<T> call(ApiFuture<T> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        ApiFutures.addCallback(call, new ApiFutureCallback<>() {
            @Override
            public void onSuccess(T value) {
                result.complete(value);
            }

            @Override
            public void onFailure(Throwable t) {
                result.completeExceptionally(t);
            }
        }, MoreExecutors.directExecutor());
        return result.orTimeout(timeout.multipliedBy(2).toNanos(), TimeUnit.NANOSECONDS);
    }

    private static String describe(Throwable error) {
        return error instanceof TimeoutException ? "Firestore did not answer in time" : error.getMessage();
    }

    private static Throwable cause(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private static Map<String, Object> fields(WebhookDelivery delivery) {
        Map<String, Object> doc = new HashMap<>();
        doc.put("integrationId", delivery.integrationId());
        doc.put("webhookId", delivery.webhookId());
        doc.put("eventId", delivery.eventId());
        doc.put("receivedAt", timestamp(delivery.receivedAt()));
        doc.put("expireAt", timestamp(delivery.expireAt()));
        doc.put("state", delivery.state().name().toLowerCase(Locale.ROOT));
        return doc;
    }

    private static WebhookDelivery delivery(DocumentSnapshot doc) {
        // Records written before claims existed have no state; they were written after publishing.
        State state = "publishing".equals(doc.getString("state")) ? State.PUBLISHING : State.PUBLISHED;
        return new WebhookDelivery(doc.getString("integrationId"), doc.getString("webhookId"), doc.getString("eventId"),
                instant(doc, "receivedAt"), instant(doc, "expireAt"), state);
    }

    private DocumentReference document(WebhookDelivery delivery) {
        return document(delivery.integrationId(), delivery.webhookId());
    }

    private DocumentReference document(String integrationId, String webhookId) {
        return firestore.collection(COLLECTION).document(documentId(integrationId, webhookId));
    }
}
