package io.rostersync.gateway.webhooks;

import io.rostersync.core.integrations.ConnectorType;
import jakarta.annotation.PreDestroy;
import io.rostersync.gateway.GatewaySettings;
import io.rostersync.gateway.verification.SignatureHeaders;
import io.rostersync.gateway.verification.SignatureVerifier;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** {@code POST /webhooks/{connector}/{integrationId}}: the SIS-facing edge, documented in {@code static/openapi.yaml}. */
@RestController
class WebhookController {

    private final WebhookIntake intake;
    private final SignatureVerifier verifier;
    private final long maxBodyBytes;
    /**
     * The intake blocks on Firestore and on Kafka's acknowledgement; Reactor's shared boundedElastic (10 threads per
     * core) would cap the gateway at a few hundred webhooks a second, so it gets threads of its own.
     */
    private final Scheduler intakeScheduler;

    WebhookController(WebhookIntake intake, SignatureVerifier verifier, GatewaySettings settings) {
        this.intake = intake;
        this.verifier = verifier;
        this.maxBodyBytes = settings.maxBodyBytes();
        this.intakeScheduler = Schedulers.newBoundedElastic(settings.intakeThreads(), 100_000, "webhook-intake", 60, true);
    }

    @PreDestroy
    void stop() {
        intakeScheduler.dispose();
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
            return body(request)
                    .flatMap(body -> Mono.fromCallable(() -> intake.receive(type, integrationId, headers, body))
                            .subscribeOn(intakeScheduler))
                    .map(receipt -> ResponseEntity.status(receipt.duplicate() ? HttpStatus.OK : HttpStatus.ACCEPTED).body(receipt));
        });
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
