package io.rostersync.core.connector.http;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** A tiny HTTP server on a free loopback port that answers as told and notes when each request arrived. */
final class LoopbackSis implements AutoCloseable {

    /** One answer; {@code hold} keeps the exchange open until released (a server slower than the read timeout). */
    record Answer(int status, Map<String, String> headers, String body, CountDownLatch hold) {
        static Answer of(int status) {
            return new Answer(status, Map.of(), "{}", null);
        }

        static Answer of(int status, Map<String, String> headers, String body) {
            return new Answer(status, headers, body, null);
        }
    }

    private final HttpServer server;
    private final List<Instant> arrivals = new CopyOnWriteArrayList<>();
    private volatile IntFunction<Answer> answers = n -> Answer.of(200);

    LoopbackSis() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            arrivals.add(Instant.now());
            Answer answer = answers.apply(arrivals.size());
            if (answer.hold() != null) {
                try {
                    answer.hold().await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            try {
                exchange.sendResponseHeaders(answer.status(), body.length);
                exchange.getResponseBody().write(body);
            } catch (IOException ignored) {
                // the client gave up (read timeout) and closed the connection
            }
            exchange.close();
        });
        server.start();
    }

    /** @param answers the answer to the n-th request (from 1) */
    void answer(IntFunction<Answer> answers) {
        this.answers = answers;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    int requests() {
        return arrivals.size();
    }

    List<Instant> arrivals() {
        return List.copyOf(arrivals);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
