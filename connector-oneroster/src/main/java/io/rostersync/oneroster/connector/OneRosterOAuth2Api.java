package io.rostersync.oneroster.connector;

import io.rostersync.core.connector.ConnectorException;
import io.rostersync.core.connector.http.SisHttp;
import io.rostersync.core.connector.http.SisTokens;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** OneRoster 1.2: GETs with an OAuth 2 bearer token, renewed once when the server refuses it. */
final class OneRosterOAuth2Api implements OneRosterApi {

    private final SisHttp http;
    private final SisTokens tokens;

    OneRosterOAuth2Api(SisHttp http, SisTokens tokens) {
        this.http = http;
        this.tokens = tokens;
    }

    @Override
    public SisHttp http() {
        return http;
    }

    /** @throws ConnectorException {@code auth} for a 401 even with a freshly issued token; see {@link OneRosterApi#get} */
    @Override
    public HttpResponse<byte[]> get(OneRosterServer server, String pathAndQuery) {
        URI uri = server.resolve(pathAndQuery);
        String what = "OneRoster server " + SisHttp.pathOf(uri);
        String token = tokens.token(server);
        HttpResponse<byte[]> response = send(server, uri, token, what);
        if (response.statusCode() == 401) {
            // The token expired early or the server restarted and forgot it: renew once, then believe the server.
            tokens.invalidate(server, token);
            response = send(server, uri, tokens.token(server), what);
            if (response.statusCode() == 401) {
                throw new ConnectorException("auth", what + " answered 401 even with a freshly issued token for client "
                        + server.clientId() + http.describe(response));
            }
        }
        return OneRosterApi.readable(http, server, response, what);
    }

    private HttpResponse<byte[]> send(OneRosterServer server, URI uri, String token, String what) {
        return http.send(server.integrationId(), () -> HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .GET(), what);
    }
}
