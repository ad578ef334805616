package io.rostersync.gateway.verification;

import java.util.Base64;

/**
 * One Standard Webhooks signing secret of an integration: the HMAC key and the reference it was resolved from
 * (the reference, never the key, is what logs may show).
 */
public record WebhookSecret(String reference, byte[] key) {

    static final String PREFIX = "whsec_";

    public WebhookSecret {
        key = key.clone();
    }

    /**
     * Parses {@code whsec_<base64>}; the prefix is optional as in the reference libraries.
     *
     * @throws IllegalArgumentException when the value is not base64 or decodes to an empty key
     */
    public static WebhookSecret parse(String reference, String value) {
        String encoded = value.strip();
        if (encoded.startsWith(PREFIX)) {
            encoded = encoded.substring(PREFIX.length());
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("webhook secret " + reference + " is not whsec_<base64>");
        }
        if (key.length == 0) {
            throw new IllegalArgumentException("webhook secret " + reference + " is empty");
        }
        return new WebhookSecret(reference, key);
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    @Override
    public String toString() {
        return "WebhookSecret[" + reference + "]";
    }
}
