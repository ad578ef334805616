package io.rostersync.core.connector.http;

import java.net.URI;
import java.util.List;

/** What an OAuth 2 client credentials grant needs from a server a command names; the secret is already resolved. */
public interface ClientCredentials {

    URI tokenUrl();

    String clientId();

    String secret();

    /** Empty for the server's default scopes, never null. */
    List<String> scopes();

    /**
     * The integration whose rate limit and circuit breaker the token requests count against; null when unknown
     * (a connection check of settings not saved yet), and then the token URL's host is the key.
     */
    default String integrationId() {
        return null;
    }
}
