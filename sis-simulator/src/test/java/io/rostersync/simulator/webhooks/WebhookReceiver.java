package io.rostersync.simulator.webhooks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A loopback webhook receiver for tests. It verifies each Standard Webhooks signature itself (independently of the
 * sender's code) and can be told to answer the next requests with a failure status.
 */
public final class WebhookReceiver implements AutoCloseable {

    /**
     * One received request; {@code signatureValid} is this receiver's own verdict, {@code referenceValid} that of the
     * Standard Webhooks reference library.
     */
    public record Received(String id, long timestamp, String signature, String body, boolean signatureValid,
            boolean referenceValid) {
    }

    private final HttpServer server;
    private final byte[] key;
    private final String secret;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failNext = new AtomicInteger();

    public WebhookReceiver(String secret) throws IOException {
        this.secret = secret;
        this.key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The next {@code n} requests are answered 503. */
    public void failNext(int n) {
        failNext.set(n);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String id = exchange.getRequestHeaders().getFirst("webhook-id");
        String ts = exchange.getRequestHeaders().getFirst("webhook-timestamp");
        String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
        received.add(new Received(id, Long.parseLong(ts), signature, body, verify(id, ts, body, signature),
                verifyWithReference(id, ts, body, signature)));
        int status = failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 503 : 204;
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private boolean verify(String id, String ts, String body, String header) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] expected = mac.doFinal((id + "." + ts + "." + body).getBytes(StandardCharsets.UTF_8));
            for (String part : header.split(" ")) {
                if (part.startsWith("v1,") && MessageDigest.isEqual(expected,
                        Base64.getDecoder().decode(part.substring(3)))) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    private boolean verifyWithReference(String id, String ts, String body, String signature) {
        try {
            new com.standardwebhooks.Webhook(secret).verify(body, java.util.Map.of("webhook-id", List.of(id),
                    "webhook-timestamp", List.of(ts), "webhook-signature", List.of(signature)));
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
