package io.rostersync.oneroster.connector;

import io.rostersync.core.connector.ConnectorException;
import io.rostersync.core.connector.http.SisHttp;
import io.rostersync.core.connector.http.SisTokens;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Authenticated GETs against the rostering API: adds the bearer token and renews it once when the server refuses it. */
final class OneRosterApi {

    private final SisHttp http;
    private final SisTokens tokens;

    OneRosterApi(SisHttp http, SisTokens tokens) {
        this.http = http;
        this.tokens = tokens;
    }

    SisHttp http() {
        return http;
    }

    /**
     * @param pathAndQuery encoded path below the base URL, e.g. {@code /users?limit=500}
     * @return a 200 or 404 response (what a 404 means depends on the caller)
     * @throws ConnectorException {@code auth} for 401/403 even with a fresh token, {@code protocol} for other 4xx,
     *     and whatever {@link SisHttp#send} throws
     */
    HttpResponse<byte[]> get(OneRosterServer server, String pathAndQuery) {
        URI uri = server.resolve(pathAndQuery);
        String what = "OneRoster server " + SisHttp.pathOf(uri);
        String token = tokens.token(server);
        HttpResponse<byte[]> response = send(uri, token, what);
        if (response.statusCode() == 401) {
            // The token expired early or the server restarted and forgot it: renew once, then believe the server.
            tokens.invalidate(server, token);
            response = send(uri, tokens.token(server), what);
            if (response.statusCode() == 401) {
                throw new ConnectorException("auth", what + " answered 401 even with a freshly issued token for client "
                        + server.clientId() + http.describe(response));
            }
        }
        int status = response.statusCode();
        if (status == 403) {
            throw new ConnectorException("auth", what + " answered 403 for client " + server.clientId()
                    + ": the token lacks a scope this collection needs (asked for " + (server.scopes().isEmpty() ? "the server's default scopes"
                    : String.join(" ", server.scopes())) + ")" + http.describe(response));
        }
        if (status != 200 && status != 404) {
            throw new ConnectorException("protocol", what + " answered an unexpected " + status + http.describe(response));
        }
        return response;
    }

    private HttpResponse<byte[]> send(URI uri, String token, String what) {
        return http.send(() -> HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .GET(), what);
    }
}
