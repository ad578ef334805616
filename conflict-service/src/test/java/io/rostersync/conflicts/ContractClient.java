package io.rostersync.conflicts;

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
 * Calls the API and checks every answer against {@code static/openapi.yaml}, so the published description
 * cannot drift from what the service really returns.
 */
final class ContractClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WebTestClient client;
    private final OpenApiInteractionValidator validator;

    ContractClient(WebTestClient client) {
        this.client = client;
        this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(spec()).build();
    }

    static String spec() {
        try (InputStream in = ContractClient.class.getResourceAsStream("/static/openapi.yaml")) {
            assertThat(in).as("static/openapi.yaml on the classpath").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends the request, asserts the status, validates the response against the spec and returns its JSON. */
    JsonNode call(HttpMethod method, String pathAndQuery, String token, Object body, int expectedStatus) {
        WebTestClient.RequestBodySpec spec = client.method(method).uri(pathAndQuery).accept(MediaType.APPLICATION_JSON);
        if (token != null) {
            spec.headers(h -> h.setBearerAuth(token));
        }
        WebTestClient.RequestHeadersSpec<?> ready = body == null ? spec
                : spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body);
        EntityExchangeResult<String> result = ready.exchange().expectBody(String.class).returnResult();
        String responseBody = result.getResponseBody();
        assertThat(result.getStatus().value()).as("%s %s answered %s", method, pathAndQuery, responseBody)
                .isEqualTo(expectedStatus);
        MediaType contentType = result.getResponseHeaders().getContentType();
        SimpleResponse.Builder response = SimpleResponse.Builder.status(expectedStatus);
        if (contentType != null) {
            response.withContentType(contentType.toString());
        }
        if (responseBody != null) {
            response.withBody(responseBody);
        }
        String path = URI.create(pathAndQuery).getPath();
        ValidationReport report = validator.validateResponse(path, Request.Method.valueOf(method.name()), response.build());
        assertThat(report.getMessages()).as("%s %s answered %s; openapi.yaml disagrees", method, pathAndQuery, responseBody)
                .isEmpty();
        return responseBody == null ? JSON.nullNode() : JSON.readTree(responseBody);
    }

    JsonNode get(String pathAndQuery, String token, int expectedStatus) {
        return call(HttpMethod.GET, pathAndQuery, token, null, expectedStatus);
    }
}
