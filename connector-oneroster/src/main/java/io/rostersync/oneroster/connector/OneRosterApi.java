package io.rostersync.oneroster.connector;

import io.rostersync.core.connector.ConnectorException;
import io.rostersync.core.connector.http.SisHttp;
import java.net.http.HttpResponse;

/** Authenticated GETs against a OneRoster rostering API; each version authenticates its own way. */
interface OneRosterApi {

    /**
     * @param pathAndQuery encoded path below the base URL, e.g. {@code /users?limit=500}
     * @return a 200 or 404 response (what a 404 means depends on the caller)
     * @throws ConnectorException {@code auth} when the server refuses the credentials or lacks a scope,
     *     {@code protocol} for other 4xx, and whatever {@link SisHttp#send} throws
     */
    HttpResponse<byte[]> get(OneRosterServer server, String pathAndQuery);

    SisHttp http();

    /** The API for the server's version. */
    static OneRosterApi of(OneRosterServer server, OneRosterOAuth2Api v1p2, OneRosterOAuth1Api v1p1) {
        return server.version() == OneRosterVersion.V1_1 ? v1p1 : v1p2;
    }

    /**
     * What both versions do with an answer that is not a 401: 403 is a missing scope or permission, 200 and 404 go
     * back to the caller, anything else is a protocol error.
     */
    static HttpResponse<byte[]> readable(SisHttp http, OneRosterServer server, HttpResponse<byte[]> response, String what) {
        int status = response.statusCode();
        if (status == 403) {
            String asked = server.version() == OneRosterVersion.V1_1 ? "" : " (asked for " + (server.scopes().isEmpty()
                    ? "the server's default scopes" : String.join(" ", server.scopes())) + ")";
            throw new ConnectorException("auth", what + " answered 403 for client " + server.clientId()
                    + ": the client lacks a scope or permission this collection needs" + asked + http.describe(response));
        }
        if (status != 200 && status != 404) {
            throw new ConnectorException("protocol", what + " answered an unexpected " + status + http.describe(response));
        }
        return response;
    }
}
