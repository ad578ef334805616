package io.rostersync.gateway.verification;

import org.springframework.http.HttpHeaders;

/**
 * The three Standard Webhooks headers as the sender sent them; any of them may be null when missing.
 * Kept as raw text because the signature covers the timestamp exactly as written.
 */
public record SignatureHeaders(String webhookId, String timestamp, String signature) {

    public static final String ID = "webhook-id";
    public static final String TIMESTAMP = "webhook-timestamp";
    public static final String SIGNATURE = "webhook-signature";

    public static SignatureHeaders from(HttpHeaders headers) {
        return new SignatureHeaders(headers.getFirst(ID), headers.getFirst(TIMESTAMP), headers.getFirst(SIGNATURE));
    }
}
