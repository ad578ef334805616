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
 */
record OneRosterServer(URI baseUrl, URI tokenUrl, String clientId, String secret, List<String> scopes)
        implements ClientCredentials {

    static final Standard STANDARD = new Standard("OneRoster", "a");

    /**
     * @throws ConnectorException {@code config} when a URL is missing or malformed, {@code unsupported} for OneRoster 1.1
     */
    static OneRosterServer of(ConnectionSettings connection, String secret) {
        if (connection == null) {
            throw new ConnectorException("config", "the command carries no connection settings");
        }
        if (connection.version() != null && !connection.version().isBlank() && !connection.version().startsWith("1.2")) {
            throw new ConnectorException("unsupported", "OneRoster " + connection.version()
                    + " is not supported by this version of RosterSync; only OneRoster 1.2 with OAuth 2 is (1.1 with OAuth 1.0a is planned)");
        }
        if (connection.clientId() == null || connection.clientId().isBlank()) {
            throw new ConnectorException("config", "the integration has no OAuth client id");
        }
        return new OneRosterServer(url("base URL", connection.baseUrl()), url("token URL", connection.tokenUrl()),
                connection.clientId(), secret, connection.scopes());
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
        return "OneRosterServer[baseUrl=" + baseUrl + ", tokenUrl=" + tokenUrl + ", clientId=" + clientId + "]";
    }
}
