package io.rostersync.oneroster.connector;

import io.rostersync.core.connector.ConnectorException;
import io.rostersync.core.connector.http.ClientCredentials;
import io.rostersync.core.connector.http.ServerUrls;
import io.rostersync.core.connector.http.Standard;
import io.rostersync.core.events.ConnectionSettings;
import java.net.URI;
import java.util.List;

/**
 * One OneRoster server as a command names it, with its secret resolved. Lives for one pull or check only, so the
 * secret is never kept beyond it; {@link #toString()} leaves the secret out.
 *
 * @param integrationId whose rate limit and circuit breaker the requests count against; null for a check of
 *     settings not saved yet
 * @param tokenUrl the OAuth 2 token endpoint (1.2); null for 1.1, whose requests are signed instead
 * @param clientId the OAuth 2 client id (1.2) or OAuth 1.0a consumer key (1.1)
 * @param secret the client secret (1.2) or consumer secret (1.1)
 */
record OneRosterServer(String integrationId, OneRosterVersion version, URI baseUrl, URI tokenUrl, String clientId,
                       String secret, List<String> scopes) implements ClientCredentials {

    static final Standard STANDARD = new Standard("OneRoster", "a");

    /**
     * @throws ConnectorException {@code config} when a URL or the client id is missing or malformed, {@code unsupported}
     *     for a version other than 1.1 and 1.2
     */
    static OneRosterServer of(String integrationId, ConnectionSettings connection, String secret) {
        if (connection == null) {
            throw new ConnectorException("config", "the command carries no connection settings");
        }
        OneRosterVersion version = OneRosterVersion.of(connection.version());
        if (connection.clientId() == null || connection.clientId().isBlank()) {
            throw new ConnectorException("config", "the integration has no " + (version == OneRosterVersion.V1_1
                    ? "OAuth 1.0a consumer key (client id)" : "OAuth client id"));
        }
        URI tokenUrl = version == OneRosterVersion.V1_2 ? url("token URL", connection.tokenUrl()) : null;
        return new OneRosterServer(integrationId, version, url("base URL", connection.baseUrl()), tokenUrl, connection.clientId(),
                secret, connection.scopes());
    }

    private static URI url(String what, String value) {
        return ServerUrls.parse(STANDARD, what, value);
    }

    /** {@code {base}/{path}} where path is already encoded. */
    URI resolve(String pathAndQuery) {
        return URI.create(baseUrl + (pathAndQuery.startsWith("/") ? "" : "/") + pathAndQuery);
    }

    @Override
    public String toString() {
        return "OneRosterServer[integrationId=" + integrationId + ", version=" + version.label() + ", baseUrl=" + baseUrl
                + ", tokenUrl=" + tokenUrl + ", clientId=" + clientId + "]";
    }
}
