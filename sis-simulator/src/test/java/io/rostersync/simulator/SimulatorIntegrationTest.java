package io.rostersync.simulator;

import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import com.atlassian.oai.validator.OpenApiInteractionValidator;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.rostersync.simulator.auth.OneRosterScopes;
import io.rostersync.simulator.district.Districts;
import io.rostersync.simulator.faults.Faults;

/**
 * Base of the tests that start the simulator on a random port with its real config file. Every test starts from
 * a freshly generated default district.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=sis-simulator")
public abstract class SimulatorIntegrationTest {

    protected static final String BASE = OneRosterConformance.BASE_PATH;
    protected static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    protected int port;

    @Autowired
    protected Districts districts;

    @Autowired
    protected SimulatorSettings settings;

    @Autowired
    protected Faults faults;

    protected WebTestClient client;

    @BeforeEach
    void freshDistrict() {
        client = WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .codecs(c -> c.defaultCodecs().maxInMemorySize(32 * 1024 * 1024)).build();
        districts.regenerate(settings.district());
        faults.set(Faults.Plan.NONE);
    }

    /** A response, with the body parsed when it is JSON. */
    protected record Reply(int status, HttpHeaders headers, String raw, JsonNode json) {
        public String header(String name) {
            return headers.getFirst(name);
        }
    }

    protected String token(String... scopes) {
        var form = BodyInserters.fromFormData("grant_type", "client_credentials");
        if (scopes.length > 0) {
            form = form.with("scope", String.join(" ", scopes));
        }
        String basic = Base64.getEncoder().encodeToString("rostersync-demo:demo-secret".getBytes());
        byte[] body = client.post().uri("/oauth2/token").header(HttpHeaders.AUTHORIZATION, "Basic " + basic)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).body(form).exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBody();
        return JSON.readTree(body).get("access_token").asString();
    }

    protected String allScopesToken() {
        return token(OneRosterScopes.ALL.toArray(String[]::new));
    }

    /** GET with properly encoded query parameters; {@code params} alternate name, value. */
    protected Reply get(String path, String token, String... params) {
        EntityExchangeResult<byte[]> result = client.get().uri(builder -> {
            builder.path(path);
            Map<String, Object> vars = new HashMap<>();
            for (int i = 0; i < params.length; i += 2) {
                // Template variables are strictly encoded, so quotes, spaces and '>' in filters survive.
                builder.queryParam(params[i], "{p" + i + "}");
                vars.put("p" + i, params[i + 1]);
            }
            return builder.build(vars);
        }).headers(h -> {
            if (token != null) {
                h.setBearerAuth(token);
            }
        }).exchange().expectBody().returnResult();
        return reply(result);
    }

    protected static Reply reply(EntityExchangeResult<byte[]> result) {
        byte[] body = result.getResponseBody();
        String raw = body == null ? null : new String(body, java.nio.charset.StandardCharsets.UTF_8);
        MediaType type = result.getResponseHeaders().getContentType();
        JsonNode json = raw != null && type != null && type.getSubtype().contains("json") ? JSON.readTree(raw) : null;
        return new Reply(result.getStatus().value(), result.getResponseHeaders(), raw, json);
    }

    /** GET a OneRoster path and assert the response (whatever its status) conforms to the spec. */
    protected Reply oneRoster(String relativePath, String token, String... params) {
        return oneRoster(OneRosterConformance.strict(), relativePath, token, params);
    }

    protected Reply oneRoster(OpenApiInteractionValidator validator, String relativePath, String token,
            String... params) {
        Reply reply = get(BASE + relativePath, token, params);
        OneRosterConformance.assertConforms(validator, BASE + relativePath, reply.status(),
                reply.headers().getContentType() == null ? null : reply.headers().getContentType().toString(),
                reply.raw());
        return reply;
    }
}
