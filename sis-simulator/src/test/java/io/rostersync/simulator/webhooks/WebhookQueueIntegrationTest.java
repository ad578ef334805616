package io.rostersync.simulator.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.json.JsonMapper;

import io.rostersync.simulator.district.EntityType;
import io.rostersync.simulator.district.RecordChanged;

/** A stuck receiver fills the bounded queue; further changes are dropped and counted, and writers never wait. */
class WebhookQueueIntegrationTest {

    @Test
    void aFullQueueDropsAndCountsInsteadOfBlocking() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HttpServer stuck = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stuck.createContext("/hook", exchange -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        stuck.start();
        WebhookSender sender = new WebhookSender(new WebhookSettings(2, 1, Duration.ofMillis(10),
                Duration.ofMillis(10), Duration.ofSeconds(2), Duration.ofSeconds(20)), Clock.systemUTC(),
                JsonMapper.builder().build());
        try {
            sender.setTarget(new WebhookTarget(URI.create("http://127.0.0.1:" + stuck.getAddress().getPort() + "/hook"),
                    "whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQ=", "oneroster"));
            sender.on(new RecordChanged(EntityType.USERS, "usr-000001", "updated"));
            await().atMost(Duration.ofSeconds(5)).until(() -> (long) sender.counters().get("attempts") == 1);

            long started = System.nanoTime();
            for (int i = 2; i <= 10; i++) {
                sender.on(new RecordChanged(EntityType.USERS, "usr-00000" + (i % 10), "updated"));
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
            assertThat(sender.counters()).containsEntry("enqueued", 3L).containsEntry("dropped", 7L)
                    .containsEntry("pending", 2);

            release.countDown();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(sender.counters())
                    .containsEntry("delivered", 3L).containsEntry("pending", 0));
        } finally {
            release.countDown();
            sender.stop();
            stuck.stop(0);
        }
    }
}
