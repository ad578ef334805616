package io.rostersync.simulator.edfi;

import java.util.Base64;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;

import com.atlassian.oai.validator.model.Request;

import io.rostersync.simulator.SimulatorIntegrationTest;
import io.rostersync.simulator.auth.AccessTokens;

/** Base of the Ed-Fi API tests: a fresh Ed-Fi token per test, and calls whose answers are checked against the spec. */
abstract class EdFiIntegrationTest extends SimulatorIntegrationTest {

    @Autowired
    AccessTokens accessTokens;

    String token;

    @BeforeEach
    void edFiToken() {
        accessTokens.revokeAll();
        token = edFiToken(true).json().get("access_token").asString();
    }

    Reply edFiToken(boolean basic) {
        var form = BodyInserters.fromFormData("grant_type", "client_credentials");
        var request = client.post().uri("/oauth/token").contentType(MediaType.APPLICATION_FORM_URLENCODED);
        if (basic) {
            request = request.header(HttpHeaders.AUTHORIZATION,
                    "Basic " + Base64.getEncoder().encodeToString("rostersync-demo:demo-secret".getBytes()));
        } else {
            form = form.with("client_id", "rostersync-demo").with("client_secret", "demo-secret");
        }
        return reply(request.body(form).exchange().expectBody().returnResult());
    }

    /** GET and validate against the spec whatever the status. */
    Reply edFi(String path, String... params) {
        Reply reply = get(path, token, params);
        EdFiConformance.assertConforms(Request.Method.GET, path, reply.status(),
                reply.headers().getContentType() == null ? null : reply.headers().getContentType().toString(),
                reply.raw());
        return reply;
    }

    /** POST, PUT or DELETE, checked against the spec whatever the status; {@code json}, {@code ifMatch} may be null. */
    Reply send(HttpMethod method, String path, String json, String ifMatch) {
        var spec = client.method(method).uri(path).headers(h -> {
            h.setBearerAuth(token);
            if (ifMatch != null) {
                h.setIfMatch(ifMatch);
            }
        });
        Reply reply = json == null ? reply(spec.exchange().expectBody().returnResult())
                : reply(spec.contentType(MediaType.APPLICATION_JSON).bodyValue(json).exchange().expectBody()
                        .returnResult());
        EdFiConformance.assertConforms(Request.Method.valueOf(method.name()), path, reply.status(),
                reply.headers().getContentType() == null ? null : reply.headers().getContentType().toString(),
                reply.raw());
        return reply;
    }

    long newestChangeVersion() {
        Reply versions = get("/changeQueries/v1/availableChangeVersions", token);
        EdFiConformance.assertConforms(Request.Method.GET, "/changeQueries/v1/availableChangeVersions",
                versions.status(), versions.headers().getContentType().toString(), versions.raw());
        return versions.json().get("newestChangeVersion").asLong();
    }
}
