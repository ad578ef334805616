package io.rostersync.gateway.verification;

import io.rostersync.gateway.GatewaySettings;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Checks Standard Webhooks signatures (https://www.standardwebhooks.com): {@code webhook-signature} lists
 * {@code v1,<base64 HMAC-SHA256>} entries over {@code {webhook-id}.{webhook-timestamp}.{body}}; one matching
 * entry under any of the integration's secrets is enough, which is what lets a SIS rotate its secret.
 */
@Component
public class SignatureVerifier {

    private static final String HMAC_SHA256 = "HmacSHA256";
    private static final String VERSION_PREFIX = "v1,";

    private final Clock clock;
    private final Duration tolerance;

    @Autowired
    public SignatureVerifier(Clock clock, GatewaySettings settings) {
        this(clock, settings.timestampTolerance());
    }

    SignatureVerifier(Clock clock, Duration tolerance) {
        this.clock = clock;
        this.tolerance = tolerance;
    }

    /**
     * The checks that need neither the body nor a secret, so that unsigned or replayed requests are refused
     * before the gateway reads a body or asks Firestore anything.
     *
     * @throws SignatureRejectedException when a header is missing or the timestamp is malformed or outside the tolerance
     */
    public void checkHeaders(SignatureHeaders headers) {
        List<String> missing = new ArrayList<>();
        if (isBlank(headers.webhookId())) {
            missing.add(SignatureHeaders.ID);
        }
        if (isBlank(headers.timestamp())) {
            missing.add(SignatureHeaders.TIMESTAMP);
        }
        if (isBlank(headers.signature())) {
            missing.add(SignatureHeaders.SIGNATURE);
        }
        if (!missing.isEmpty()) {
            throw new SignatureRejectedException("missing Standard Webhooks header(s) " + String.join(", ", missing));
        }
        long timestamp = parseTimestamp(headers.timestamp());
        long skew = Math.abs(clock.instant().getEpochSecond() - timestamp);
        if (skew > tolerance.toSeconds()) {
            throw new SignatureRejectedException("webhook-timestamp " + timestamp + " is " + skew
                    + " s away from the gateway's clock; at most " + tolerance.toSeconds() + " s are accepted");
        }
    }

    /**
     * Verifies the headers and the signature over the raw body.
     *
     * @param secrets the integration's active secrets; at least one
     * @return the secret that signed the webhook (its reference tells which one of a rotation the SIS uses)
     * @throws SignatureRejectedException when the headers fail {@link #checkHeaders} or no listed signature matches any secret
     */
    public WebhookSecret verify(SignatureHeaders headers, byte[] body, List<WebhookSecret> secrets) {
        checkHeaders(headers);
        List<byte[]> signatures = parseSignatures(headers.signature());
        for (WebhookSecret secret : secrets) {
            byte[] expected = hmac(secret, headers.webhookId(), headers.timestamp(), body);
            for (byte[] signature : signatures) {
                // Constant time, so the comparison does not tell an attacker how many leading bytes were right.
                if (MessageDigest.isEqual(expected, signature)) {
                    return secret;
                }
            }
        }
        throw new SignatureRejectedException("no signature in webhook-signature matches this integration's webhook secrets");
    }

    /** {@code v1,<base64>} of the HMAC over {@code id.timestamp.body}, as a sender puts it in {@code webhook-signature}. */
    public static String sign(WebhookSecret secret, String webhookId, String timestamp, byte[] body) {
        return VERSION_PREFIX + Base64.getEncoder().encodeToString(hmac(secret, webhookId, timestamp, body));
    }

    private static List<byte[]> parseSignatures(String header) {
        List<byte[]> signatures = new ArrayList<>();
        for (String entry : header.trim().split("\\s+")) {
            // Other versions (e.g. v1a, asymmetric) are allowed in the list; this gateway only checks v1.
            if (entry.startsWith(VERSION_PREFIX)) {
                decode(entry.substring(VERSION_PREFIX.length())).ifPresent(signatures::add);
            }
        }
        if (signatures.isEmpty()) {
            throw new SignatureRejectedException("webhook-signature has no 'v1,<base64>' entry");
        }
        return signatures;
    }

    private static Optional<byte[]> decode(String base64) {
        try {
            return Optional.of(Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static long parseTimestamp(String value) {
        String trimmed = value.trim();
        // Digits only: no sign, no fraction, no milliseconds-looking 13-digit surprises beyond what fits a long.
        if (!trimmed.matches("\\d{1,12}")) {
            throw new SignatureRejectedException("webhook-timestamp must be unix seconds, got '" + abbreviate(trimmed) + "'");
        }
        return Long.parseLong(trimmed);
    }

    private static byte[] hmac(WebhookSecret secret, String webhookId, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(HMAC_SHA256);
            mac.init(new SecretKeySpec(secret.key(), HMAC_SHA256));
            mac.update((webhookId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String abbreviate(String value) {
        return value.length() <= 20 ? value : value.substring(0, 20) + "...";
    }
}
