package io.rostersync.edfi;

import io.rostersync.core.connector.ConnectorException;
import io.rostersync.core.connector.http.SisHttp;
import io.rostersync.core.connector.http.SisTokens;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Authenticated requests to an Ed-Fi ODS/API: adds the bearer token and renews it once when the server refuses it. */
final class EdFiApi {

    private final SisHttp http;
    private final SisTokens tokens;

    EdFiApi(SisHttp http, SisTokens tokens) {
        this.http = http;
        this.tokens = tokens;
    }

    SisHttp http() {
        return http;
    }

    /**
     * A GET that must answer 200 (or 404 when {@code allow404}).
     *
     * @throws ConnectorException {@code auth} for 401/403, {@code config} for an unexpected 404, {@code protocol} for
     *     other statuses, and whatever {@link SisHttp#send} throws
     */
    HttpResponse<byte[]> get(EdFiServer server, URI uri, boolean allow404) {
        HttpResponse<byte[]> response = send(server, "GET", uri, null, null);
        int status = response.statusCode();
        String what = "Ed-Fi API " + SisHttp.pathOf(uri);
        if (status == 404 && !allow404) {
            throw new ConnectorException("config", what + " answered 404: check the integration's base URL" + http.describe(response));
        }
        if (status != 200 && status != 404) {
            throw new ConnectorException("protocol", what + " answered an unexpected " + status + http.describe(response));
        }
        return response;
    }

    /**
     * Any request; returns whatever the server answered apart from 401 (renewed once), 403, 429 and 5xx (retried).
     *
     * @param ifMatch the {@code If-Match} header, or null
     */
    HttpResponse<byte[]> send(EdFiServer server, String method, URI uri, String jsonBody, String ifMatch) {
        String what = "Ed-Fi API " + method + " " + SisHttp.pathOf(uri);
        String token = tokens.token(server);
        HttpResponse<byte[]> response = once(server, method, uri, jsonBody, ifMatch, token, what);
        if (response.statusCode() == 401) {
            // The token expired early or the server restarted and forgot it: renew once, then believe the server.
            tokens.invalidate(server, token);
            response = once(server, method, uri, jsonBody, ifMatch, tokens.token(server), what);
            if (response.statusCode() == 401) {
                throw new ConnectorException("auth", what + " answered 401 even with a freshly issued token for client "
                        + server.clientId() + http.describe(response));
            }
        }
        if (response.statusCode() == 403) {
            throw new ConnectorException("auth", what + " answered 403 for client " + server.clientId()
                    + ": the client's claim set does not allow this" + http.describe(response));
        }
        return response;
    }

    private HttpResponse<byte[]> once(EdFiServer server, String method, URI uri, String jsonBody, String ifMatch, String token, String what) {
        return http.send(server.integrationId(), () -> {
            HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", "application/json");
            if (ifMatch != null) {
                builder.header("If-Match", ifMatch);
            }
            if (jsonBody != null) {
                builder.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
            } else {
                builder.method(method, HttpRequest.BodyPublishers.noBody());
            }
            return builder;
        }, what);
    }
}
