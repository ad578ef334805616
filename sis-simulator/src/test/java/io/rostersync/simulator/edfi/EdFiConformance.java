package io.rostersync.simulator.edfi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;

import io.rostersync.simulator.OneRosterConformance;

/**
 * Validates Ed-Fi responses against the official Ed-Fi DS 5.0 resources, descriptors and change-queries OpenAPI
 * files, read from the same {@code shared/specs} folder as the OneRoster spec (Apache-2.0, but 2 MB each, so not
 * copied).
 */
final class EdFiConformance {

    static final Set<String> PROBLEM_RULES = Set.of("validation.response.contentType.notAllowed",
            "validation.response.body.unexpected");

    private static OpenApiInteractionValidator resources;
    private static OpenApiInteractionValidator descriptors;
    private static OpenApiInteractionValidator changeQueries;

    private EdFiConformance() {
    }

    static Path spec(String file) {
        return OneRosterConformance.specFile().resolveSibling(file);
    }

    static synchronized OpenApiInteractionValidator resources() {
        if (resources == null) {
            resources = build("edfi-resources-ds-5.0.openapi.yaml", "/data/v3");
        }
        return resources;
    }

    static synchronized OpenApiInteractionValidator descriptors() {
        if (descriptors == null) {
            descriptors = build("edfi-descriptors-ds-5.0.openapi.yaml", "/data/v3");
        }
        return descriptors;
    }

    static synchronized OpenApiInteractionValidator changeQueries() {
        if (changeQueries == null) {
            changeQueries = build("edfi-change-queries-1.0.0.openapi.yaml", "/changeQueries/v1");
        }
        return changeQueries;
    }

    private static OpenApiInteractionValidator build(String file, String basePath) {
        return OpenApiInteractionValidator.createForSpecificationUrl(spec(file).toUri().toString())
                .withBasePathOverride(basePath).build();
    }

    static OpenApiInteractionValidator forPath(String path) {
        if (path.startsWith("/changeQueries")) {
            return changeQueries();
        }
        return path.matches("/data/v3/ed-fi/[a-zA-Z]+Descriptors(/.*)?") ? descriptors() : resources();
    }

    static void assertConforms(Request.Method method, String path, int status, String contentType, String body) {
        SimpleResponse.Builder response = SimpleResponse.Builder.status(status);
        if (contentType != null) {
            response.withContentType(contentType);
        }
        if (body != null && !body.isEmpty()) {
            response.withBody(body);
        }
        ValidationReport full = forPath(path).validateResponse(path, method, response.build());
        // Spec issue: DS 5.0 declares error bodies as application/json (412 with no body), while the ODS/API 7
        // answers RFC 9457 application/problem+json. Only for error statuses are exactly those two rules relaxed.
        List<ValidationReport.Message> errors = full.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .filter(m -> status < 400 || !PROBLEM_RULES.contains(m.getKey())).toList();
        ValidationReport report = ValidationReport.from(errors);
        assertThat(report.hasErrors())
                .withFailMessage(() -> method + " " + path + " -> " + status + " does not conform to the Ed-Fi spec:\n"
                        + report.getMessages().stream().map(m -> " - " + m.getKey() + ": " + m.getMessage())
                                .collect(Collectors.joining("\n")))
                .isFalse();
    }
}
