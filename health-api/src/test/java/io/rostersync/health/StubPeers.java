package io.rostersync.health;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for sync-orchestrator, conflict-service and deadletter-service in the health API's own tests: answers
 * what a test tells it to and records what it was sent. The real services answer in the end-to-end tests.
 */
public final class StubPeers {

    /** A request as the stub received it. */
    public record Received(String method, String pathAndQuery, String authorization, String body) {
    }

    /** What to answer. */
    public record Answer(int status, String contentType, String body) {
        public static Answer json(int status, String body) {
            return new Answer(status, status >= 400 ? "application/problem+json" : "application/json", body);
        }
    }

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private StubPeers(HttpServer server) {
        this.server = server;
    }

    public static StubPeers start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            StubPeers peers = new StubPeers(server);
            server.createContext("/", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String target = exchange.getRequestURI().getRawPath()
                        + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
                peers.received.add(new Received(exchange.getRequestMethod(), target,
                        exchange.getRequestHeaders().getFirst("Authorization"), body));
                Answer answer = peers.answers.getOrDefault(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath(),
                        Answer.json(404, "{\"title\":\"Not Found\",\"status\":404,\"detail\":\"stub has no answer\"}"));
                byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", answer.contentType());
                exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
                if (bytes.length > 0) {
                    exchange.getResponseBody().write(bytes);
                }
                exchange.close();
            });
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0), "stub-peers-stop"));
            return peers;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers {@code method path} (path without query) with this from now on. */
    public void answer(String method, String path, Answer answer) {
        answers.put(method + " " + path, answer);
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public void reset() {
        answers.clear();
        received.clear();
    }
}
