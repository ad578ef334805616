package io.rostersync.gateway.webhooks;

import io.rostersync.core.integrations.ConnectorType;
import io.rostersync.gateway.GatewaySettings;
import io.rostersync.gateway.verification.SignatureHeaders;
import io.rostersync.gateway.verification.SignatureVerifier;
import java.util.concurrent.Executor;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;

/** {@code POST /webhooks/{connector}/{integrationId}}: the SIS-facing edge, documented in {@code static/openapi.yaml}. */
@RestController
class WebhookController {

    /**
     * Verifying and parsing a body is CPU work proportional to its size: small bodies (microseconds) stay on the event
     * loop, larger ones (up to milliseconds at the 1 MiB limit) move to a worker so other connections are not held up.
     */
    static final int EVENT_LOOP_BODY_BYTES = 64 * 1024;

    private final WebhookIntake intake;
    private final SignatureVerifier verifier;
    private final long maxBodyBytes;

    WebhookController(WebhookIntake intake, SignatureVerifier verifier, GatewaySettings settings) {
        this.intake = intake;
        this.verifier = verifier;
        this.maxBodyBytes = settings.maxBodyBytes();
    }

    @PostMapping("/webhooks/{connector}/{integrationId}")
    Mono<ResponseEntity<WebhookReceipt>> receive(@PathVariable String connector, @PathVariable String integrationId,
                                                 ServerHttpRequest request) {
        return Mono.defer(() -> {
            ConnectorType type = connector(connector);
            SignatureHeaders headers = SignatureHeaders.from(request.getHeaders());
            // Cheap checks first: unsigned, replayed or declared-oversized requests cost no body read and no Firestore call.
            verifier.checkHeaders(headers);
            if (request.getHeaders().getContentLength() > maxBodyBytes) {
                throw WebhookRejectedException.tooLarge(maxBodyBytes);
            }
            Executor answering = answeringThread(request);
            return body(request)
                    .flatMap(body -> {
                        // Suppress cancellation: a sender that hangs up must not leave a claimed webhook id half-way.
                        Mono<WebhookReceipt> receipt = Mono.defer(() -> Mono.fromFuture(
                                intake.receive(type, integrationId, headers, body).whenCompleteAsync((result, error) -> { }, answering), true));
                        return body.length <= EVENT_LOOP_BODY_BYTES ? receipt : receipt.subscribeOn(Schedulers.boundedElastic());
                    })
                    .map(receipt -> ResponseEntity.status(receipt.duplicate() ? HttpStatus.OK : HttpStatus.ACCEPTED).body(receipt));
        });
    }

    /**
     * Where the answer is encoded and written: the connection's own event loop. The intake completes on whichever thread
     * answered last (Kafka's producer network thread, for a 202); encoding responses there would hold up every other
     * acknowledgement, and Netty would hop to the event loop for the write anyway.
     */
    private static Executor answeringThread(ServerHttpRequest request) {
        try {
            if (ServerHttpRequestDecorator.getNativeRequest(request) instanceof Connection connection) {
                return connection.channel().eventLoop();
            }
        } catch (IllegalStateException notNetty) {
            // A mock request (tests) has no native request: answer on the completing thread.
        }
        return Runnable::run;
    }

    /**
     * The raw body (the signature covers its exact bytes), refused once it passes the limit: chunked bodies carry no
     * Content-Length, so the limit is also enforced while reading and at most {@code maxBodyBytes} are ever held.
     */
    private Mono<byte[]> body(ServerHttpRequest request) {
        return DataBufferUtils.join(request.getBody(), (int) maxBodyBytes)
                .map(buffer -> {
                    try {
                        byte[] bytes = new byte[buffer.readableByteCount()];
                        buffer.read(bytes);
                        return bytes;
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .defaultIfEmpty(new byte[0])
                .onErrorMap(DataBufferLimitException.class, e -> WebhookRejectedException.tooLarge(maxBodyBytes));
    }

    private static ConnectorType connector(String value) {
        try {
            return ConnectorType.fromValue(value);
        } catch (IllegalArgumentException e) {
            throw WebhookRejectedException.notFound("no connector '" + value + "'; webhooks go to /webhooks/oneroster/{integrationId} "
                    + "or /webhooks/edfi/{integrationId}");
        }
    }
}
