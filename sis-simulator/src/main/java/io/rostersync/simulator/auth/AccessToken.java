package io.rostersync.simulator.auth;

import java.time.Instant;
import java.util.Set;

/**
 * An issued bearer token.
 *
 * @param value     the opaque token string
 * @param clientId  the client it was issued to
 * @param scopes    the granted scopes
 * @param expiresAt instant after which it is refused
 */
public record AccessToken(String value, String clientId, Set<String> scopes, Instant expiresAt) {

    public AccessToken {
        scopes = Set.copyOf(scopes);
    }

    public boolean hasAnyScope(String... wanted) {
        for (String scope : wanted) {
            if (scopes.contains(scope)) {
                return true;
            }
        }
        return false;
    }
}
