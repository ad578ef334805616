package io.rostersync.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;

/**
 * Validates responses against the official OneRoster 1.2 rostering OpenAPI file. The file is read from
 * {@code ../shared/specs} (its licence forbids copying it into the project); see {@link #specFile()}.
 */
public final class OneRosterConformance {

    public static final String SPEC_FILE = "oneroster-1.2-rostering.openapi.json";
    public static final String BASE_PATH = "/ims/oneroster/rostering/v1p2";

    private static OpenApiInteractionValidator strict;
    private static OpenApiInteractionValidator fieldSelection;

    private OneRosterConformance() {
    }

    /**
     * The spec file: the {@code rostersync.specs.dir} system property the parent pom passes to surefire, if it
     * points at the file (it is computed from the reactor root, so it is wrong when Maven runs in the module folder),
     * else the first {@code shared/specs} found walking up from the working directory.
     */
    public static Path specFile() {
        List<Path> candidates = new ArrayList<>();
        String property = System.getProperty("rostersync.specs.dir");
        if (property != null && !property.isBlank()) {
            candidates.add(Path.of(property).resolve(SPEC_FILE));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            candidates.add(dir.resolve("shared/specs").resolve(SPEC_FILE));
            candidates.add(dir.resolve("../shared/specs").resolve(SPEC_FILE));
        }
        return candidates.stream().map(Path::normalize).filter(Files::isRegularFile).findFirst()
                .orElseThrow(() -> new IllegalStateException("OneRoster spec not found; tried " + candidates));
    }

    /** The validator for complete records: any deviation from the spec fails. */
    public static synchronized OpenApiInteractionValidator strict() {
        if (strict == null) {
            strict = build(LevelResolver.create().build());
        }
        return strict;
    }

    /**
     * For responses to {@code fields=...} only. The spec lets clients select fields, but its schemas still mark
     * fields as required, so a correct partial record would fail; only the "required" rule is relaxed here
     * (documented in README as a spec issue).
     */
    public static synchronized OpenApiInteractionValidator forFieldSelection() {
        if (fieldSelection == null) {
            fieldSelection = build(LevelResolver.create()
                    .withLevel("validation.response.body.schema.required", ValidationReport.Level.IGNORE).build());
        }
        return fieldSelection;
    }

    private static OpenApiInteractionValidator build(LevelResolver levels) {
        return OpenApiInteractionValidator.createForSpecificationUrl(specFile().toUri().toString())
                .withBasePathOverride(BASE_PATH).withLevelResolver(levels).build();
    }

    /** Asserts that a GET response conforms; {@code path} is the request path without query. */
    public static void assertConforms(OpenApiInteractionValidator validator, String path, int status,
            String contentType, String body) {
        SimpleResponse.Builder response = SimpleResponse.Builder.status(status);
        if (contentType != null) {
            response.withContentType(contentType);
        }
        if (body != null) {
            response.withBody(body);
        }
        ValidationReport report = validator.validateResponse(path, Request.Method.GET, response.build());
        assertThat(report.hasErrors())
                .withFailMessage(() -> "GET " + path + " -> " + status + " does not conform to the spec:\n"
                        + report.getMessages().stream().map(m -> " - " + m.getKey() + ": " + m.getMessage())
                                .collect(Collectors.joining("\n")))
                .isFalse();
    }
}
