package io.rostersync.core.events;

import java.util.List;

/**
 * What a stateless connector needs to reach one SIS, carried in every command.
 *
 * @param version the standard's version the SIS speaks ("1.2", "1.1" for OneRoster; "7" for Ed-Fi)
 * @param credentialRef where the connector finds the client secret ({@code env:NAME}, {@code file:/path},
 *     {@code config:property.name}); never the secret itself
 */
public record ConnectionSettings(
        String baseUrl,
        String tokenUrl,
        String version,
        String clientId,
        String credentialRef,
        List<String> scopes) {

    public ConnectionSettings {
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }
}
