package io.rostersync.simulator.webhooks;

import java.net.URI;
import java.util.Base64;

/**
 * Where change notifications go and the key they are signed with.
 *
 * @param url       receiver URL (http or https)
 * @param secret    the Standard Webhooks secret {@code whsec_<base64>} as configured (never shown back)
 * @param connector the RosterSync connector the receiver belongs to ({@code oneroster} or {@code edfi}), for display
 */
public record WebhookTarget(URI url, String secret, String connector) {

    static final String SECRET_PREFIX = "whsec_";

    /** The HMAC key: the base64-decoded part of the secret after {@code whsec_}. */
    byte[] key() {
        return Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
    }
}
