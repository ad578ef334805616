package io.rostersync.simulator.webhooks;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

import io.rostersync.simulator.district.RecordChanged;

/**
 * Sends every district change (admin API, change stream, Ed-Fi writes: anything that publishes
 * {@link RecordChanged}) to the configured receiver as a Standard Webhooks-signed POST.
 * <p>
 * Writers only offer to a bounded queue, so a slow or dead receiver never blocks them; when the queue is full the
 * notification is dropped and counted. One worker thread delivers in order and retries 5xx, 429 and connection
 * errors with exponential back-off, keeping the message id (receivers deduplicate by it) and re-signing each attempt
 * with a fresh timestamp.
 */
@Component
public class WebhookSender {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

    /** The JSON body RosterSync's webhook gateway accepts; field order is the record's. */
    record Payload(String entityType, List<String> ids, String changeKind) {
    }

    private record Message(String id, WebhookTarget target, String body) {
    }

    private final WebhookSettings settings;
    private final Clock clock;
    private final JsonMapper json;
    private final HttpClient http;
    private final BlockingQueue<Message> queue;
    private final AtomicReference<WebhookTarget> target = new AtomicReference<>();
    private final AtomicLong enqueued = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private final Thread worker;
    private volatile boolean running = true;

    WebhookSender(WebhookSettings settings, Clock clock, JsonMapper json) {
        this.settings = settings;
        this.clock = clock;
        this.json = json;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1).build();
        this.worker = new Thread(this::deliverLoop, "webhook-sender");
        worker.setDaemon(true);
        worker.start();
    }

    public Optional<WebhookTarget> target() {
        return Optional.ofNullable(target.get());
    }

    /** Sets (or with null removes) the receiver; queued notifications for an earlier target are discarded. */
    public void setTarget(WebhookTarget next) {
        target.set(next);
        if (next == null) {
            queue.clear();
        }
    }

    /** Delivery counters since start-up. */
    public Map<String, Object> counters() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("enqueued", enqueued.get());
        c.put("delivered", delivered.get());
        c.put("attempts", attempts.get());
        c.put("retries", retries.get());
        c.put("failed", failed.get());
        c.put("dropped", dropped.get());
        c.put("pending", queue.size());
        c.put("lastError", lastError.get());
        return c;
    }

    @EventListener
    void on(RecordChanged change) {
        WebhookTarget t = target.get();
        // Notices name OneRoster collections; the Ed-Fi-only records (course offerings, school associations,
        // descriptor values) have none, so their changes reach clients through Ed-Fi change queries only.
        if (t == null || !change.type().oneRoster()) {
            return;
        }
        String body = json.writeValueAsString(
                new Payload(change.type().collection(), List.of(change.sourcedId()), change.changeKind()));
        if (queue.offer(new Message("msg_" + UUID.randomUUID().toString().replace("-", ""), t, body))) {
            enqueued.incrementAndGet();
        } else {
            long n = dropped.incrementAndGet();
            log.warn("Webhook queue full (capacity {}): dropped {} {} {} (dropped so far: {})",
                    settings.queueCapacity(), change.type().collection(), change.sourcedId(), change.changeKind(), n);
        }
    }

    private void deliverLoop() {
        while (running) {
            try {
                Message message = queue.poll(200, TimeUnit.MILLISECONDS);
                if (message != null) {
                    deliver(message);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("Webhook delivery loop error", e);
            }
        }
    }

    private void deliver(Message message) throws InterruptedException {
        Duration backoff = settings.initialBackoff();
        for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
            if (message.target() != target.get()) {
                return; // target changed or removed since the change happened
            }
            if (attempt > 1) {
                retries.incrementAndGet();
                // Production back-off between attempts; only this worker waits, never a writer.
                TimeUnit.MILLISECONDS.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff()
                        : backoff.multipliedBy(2);
            }
            attempts.incrementAndGet();
            long timestamp = clock.instant().getEpochSecond();
            HttpRequest request = HttpRequest.newBuilder(message.target().url()).timeout(settings.requestTimeout())
                    .header("content-type", "application/json")
                    .header("webhook-id", message.id())
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature",
                            WebhookSignature.sign(message.target().key(), message.id(), timestamp, message.body()))
                    .POST(HttpRequest.BodyPublishers.ofString(message.body())).build();
            try {
                int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status < 300) {
                    delivered.incrementAndGet();
                    return;
                }
                lastError.set("HTTP " + status);
                if (status < 500 && status != 429) {
                    break; // the receiver refused this message; retrying will not help
                }
            } catch (IOException e) {
                lastError.set(e.getClass().getSimpleName());
            }
        }
        failed.incrementAndGet();
        log.warn("Webhook {} not delivered: {}", message.id(), lastError.get());
    }

    @PreDestroy
    void stop() {
        running = false;
        worker.interrupt();
    }
}
