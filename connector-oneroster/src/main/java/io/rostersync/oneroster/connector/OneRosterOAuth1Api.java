package io.rostersync.oneroster.connector;

import io.rostersync.core.connector.ConnectorException;
import io.rostersync.core.connector.http.SisHttp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** OneRoster 1.1: GETs signed with OAuth 1.0a HMAC-SHA256, a fresh signature (nonce, timestamp) for every attempt. */
final class OneRosterOAuth1Api implements OneRosterApi {

    private final SisHttp http;
    private final OAuth1Signer signer;

    OneRosterOAuth1Api(SisHttp http, OAuth1Signer signer) {
        this.http = http;
        this.signer = signer;
    }

    @Override
    public SisHttp http() {
        return http;
    }

    /**
     * @throws ConnectorException {@code auth} for a 401: a signature is not renewed like a token, so a refusal means
     *     a wrong key or secret, or a clock too far from the server's; see {@link OneRosterApi#get}
     */
    @Override
    public HttpResponse<byte[]> get(OneRosterServer server, String pathAndQuery) {
        URI uri = server.resolve(pathAndQuery);
        String what = "OneRoster 1.1 server " + SisHttp.pathOf(uri);
        HttpResponse<byte[]> response = http.send(server.integrationId(), () -> HttpRequest.newBuilder(uri)
                .header("Authorization", signer.authorization("GET", uri, server.clientId(), server.secret()))
                .header("Accept", "application/json")
                .GET(), what);
        if (response.statusCode() == 401) {
            throw new ConnectorException("auth", what + " answered 401 to a request signed with OAuth 1.0a HMAC-SHA256 for"
                    + " consumer key " + server.clientId() + http.describe(response)
                    + ": check the consumer key, the secret behind the credential reference, and this host's clock"
                    + " (signatures carry a timestamp the server accepts only within a few minutes)");
        }
        return OneRosterApi.readable(http, server, response, what);
    }
}
