package io.rostersync.core.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls a service's HTTP API and checks every answer against the service's published
 * {@code static/openapi.yaml}, so the description cannot drift from what the service really returns.
 */
public final class OpenApiContract {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WebTestClient client;
    private final OpenApiInteractionValidator validator;

    public OpenApiContract(WebTestClient client) {
        this(client, "/static/openapi.yaml");
    }

    public OpenApiContract(WebTestClient client, String specResource) {
        this.client = client;
        this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(read(specResource)).build();
    }

    private static String read(String resource) {
        try (InputStream in = OpenApiContract.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource + " on the classpath").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends the request, asserts the status, validates the response against the spec and returns its JSON. */
    public JsonNode call(HttpMethod method, String pathAndQuery, String token, Object body, int expectedStatus) {
        WebTestClient.RequestBodySpec spec = client.method(method).uri(pathAndQuery).accept(MediaType.APPLICATION_JSON);
        if (token != null) {
            spec.headers(h -> h.setBearerAuth(token));
        }
        WebTestClient.RequestHeadersSpec<?> ready = body == null ? spec : spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body);
        EntityExchangeResult<String> result = ready.exchange().expectBody(String.class).returnResult();
        String responseBody = result.getResponseBody();
        assertThat(result.getStatus().value()).as("%s %s answered %s", method, pathAndQuery, responseBody).isEqualTo(expectedStatus);
        SimpleResponse.Builder response = SimpleResponse.Builder.status(expectedStatus);
        MediaType contentType = result.getResponseHeaders().getContentType();
        if (contentType != null) {
            response.withContentType(contentType.toString());
        }
        result.getResponseHeaders().forEach((name, values) -> values.forEach(v -> response.withHeader(name, v)));
        if (responseBody != null) {
            response.withBody(responseBody);
        }
        ValidationReport report = validator.validateResponse(URI.create(pathAndQuery).getPath(),
                Request.Method.valueOf(method.name()), response.build());
        assertThat(report.getMessages()).as("%s %s answered %s; openapi.yaml disagrees", method, pathAndQuery, responseBody).isEmpty();
        return responseBody == null || responseBody.isEmpty() ? JSON.nullNode() : JSON.readTree(responseBody);
    }

    public JsonNode get(String pathAndQuery, String token, int expectedStatus) {
        return call(HttpMethod.GET, pathAndQuery, token, null, expectedStatus);
    }
}
