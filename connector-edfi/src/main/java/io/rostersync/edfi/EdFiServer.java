package io.rostersync.edfi;

import io.rostersync.core.connector.ConnectorException;
import io.rostersync.core.connector.http.ClientCredentials;
import io.rostersync.core.connector.http.ServerUrls;
import io.rostersync.core.connector.http.Standard;
import io.rostersync.core.events.ConnectionSettings;
import java.net.URI;
import java.util.List;

/**
 * One Ed-Fi ODS/API as a command names it, with its secret resolved; lives for one pull, push or check only.
 * The change-queries root is derived from the data URL: {@code {root}/data/v3} → {@code {root}/changeQueries/v1}
 * (the ODS/API serves both under the same root; a base URL without {@code /data/v3} is refused as misconfigured).
 * {@link #toString()} leaves the secret out.
 */
record EdFiServer(String integrationId, URI baseUrl, URI changeQueriesUrl, URI tokenUrl, String clientId, String secret, List<String> scopes)
        implements ClientCredentials {

    static final Standard STANDARD = new Standard("Ed-Fi", "an");

    static final String DATA_PATH = "/data/v3";

    /**
     * @param integrationId whose rate limit and circuit breaker the requests count against; null when unknown
     * @throws ConnectorException {@code config} when a URL or the client id is missing or malformed
     */
    static EdFiServer of(String integrationId, ConnectionSettings connection, String secret) {
        if (connection == null) {
            throw new ConnectorException("config", "the command carries no connection settings");
        }
        if (connection.clientId() == null || connection.clientId().isBlank()) {
            throw new ConnectorException("config", "the integration has no Ed-Fi client key");
        }
        URI base = url("base URL", connection.baseUrl());
        String text = base.toString();
        if (!text.endsWith(DATA_PATH)) {
            throw new ConnectorException("config", "the Ed-Fi base URL '" + connection.baseUrl() + "' must end with " + DATA_PATH
                    + " (e.g. https://ods.example.org/api/data/v3); change queries are found beside it");
        }
        URI changeQueries = URI.create(text.substring(0, text.length() - DATA_PATH.length()) + "/changeQueries/v1");
        return new EdFiServer(integrationId, base, changeQueries, url("token URL", connection.tokenUrl()), connection.clientId(), secret,
                connection.scopes());
    }

    private static URI url(String what, String value) {
        return ServerUrls.parse(STANDARD, what, value);
    }

    /** {@code {base}/ed-fi/{pathAndQuery}} where the path is already encoded. */
    URI resource(String pathAndQuery) {
        return URI.create(baseUrl + "/ed-fi/" + pathAndQuery);
    }

    @Override
    public String toString() {
        return "EdFiServer[integrationId=" + integrationId + ", baseUrl=" + baseUrl + ", tokenUrl=" + tokenUrl + ", clientId=" + clientId + "]";
    }
}
