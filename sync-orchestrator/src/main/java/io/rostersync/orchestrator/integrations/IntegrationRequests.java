package io.rostersync.orchestrator.integrations;

import io.rostersync.core.events.ConnectionSettings;
import io.rostersync.core.integrations.ConnectorType;
import io.rostersync.core.integrations.Integration;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.scheduling.support.CronExpression;

/** Validates integration requests with every problem named at once, and builds the stored integration. */
final class IntegrationRequests {

    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");
    private static final Pattern REFERENCE = Pattern.compile("(env|file|config):.+");
    private static final Set<String> POLICIES = Set.of("manual", "remote-wins", "local-wins", "newest-wins", "field-ownership");
    /** Two secrets at once is what rotation needs: the old one until every sender has the new one. */
    static final int MAX_WEBHOOK_SECRETS = 2;

    private IntegrationRequests() {
    }

    static List<String> problems(String id, IntegrationRequest request) {
        List<String> problems = new ArrayList<>();
        if (!ID.matcher(id).matches()) {
            problems.add("id must be 2-63 lower-case letters, digits or dashes, starting with a letter or digit");
        }
        if (request == null) {
            problems.add("a JSON body is required");
            return problems;
        }
        if (blank(request.name())) {
            problems.add("name is required");
        }
        if (blank(request.connector())) {
            problems.add("connector is required (oneroster or edfi)");
        } else {
            try {
                ConnectorType.fromValue(request.connector());
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        IntegrationRequest.Connection c = request.connection();
        if (c == null) {
            problems.add("connection is required (baseUrl, tokenUrl, clientId, credentialRef)");
        } else {
            url(problems, "connection.baseUrl", c.baseUrl());
            url(problems, "connection.tokenUrl", c.tokenUrl());
            if (blank(c.clientId())) {
                problems.add("connection.clientId is required");
            }
            if (blank(c.credentialRef())) {
                problems.add("connection.credentialRef is required: a reference such as env:NAME, file:/path or config:property, never the secret");
            } else if (!REFERENCE.matcher(c.credentialRef()).matches()) {
                problems.add("connection.credentialRef must be a reference (env:NAME, file:/path or config:property), never the secret itself");
            }
        }
        if (!blank(request.schedule())) {
            try {
                CronExpression.parse(request.schedule());
            } catch (IllegalArgumentException e) {
                problems.add("schedule '" + request.schedule() + "' is not a valid cron expression (six fields: second minute hour day month weekday): "
                        + e.getMessage());
            }
        }
        if (request.conflictPolicy() != null && !POLICIES.contains(request.conflictPolicy())) {
            problems.add("conflictPolicy must be one of " + POLICIES);
        }
        if (request.fieldOwnership() != null) {
            request.fieldOwnership().forEach((field, owner) -> {
                if (!"sis".equals(owner) && !"local".equals(owner)) {
                    problems.add("fieldOwnership." + field + " must be 'sis' or 'local'");
                }
            });
        }
        if ("field-ownership".equals(request.conflictPolicy()) && (request.fieldOwnership() == null || request.fieldOwnership().isEmpty())) {
            problems.add("conflictPolicy field-ownership needs fieldOwnership, e.g. {\"givenName\":\"sis\"}");
        }
        if (request.webhookSecretRefs() != null && request.webhookSecretRefs().size() > MAX_WEBHOOK_SECRETS) {
            problems.add("at most " + MAX_WEBHOOK_SECRETS + " webhook secrets may be active at once (for rotation)");
        }
        if (request.webhookSecretRefs() != null) {
            for (String ref : request.webhookSecretRefs()) {
                if (ref == null || !REFERENCE.matcher(ref).matches()) {
                    problems.add("webhookSecretRefs entries must be references (env:NAME, file:/path or config:property)");
                    break;
                }
            }
        }
        return problems;
    }

    static Integration toIntegration(String id, IntegrationRequest request, Instant createdAt, Instant now) {
        IntegrationRequest.Connection c = request.connection();
        ConnectorType connector = ConnectorType.fromValue(request.connector());
        String version = blank(c.version()) ? (connector == ConnectorType.ONEROSTER ? "1.2" : "7") : c.version();
        return new Integration(id, request.name(), connector,
                new ConnectionSettings(c.baseUrl(), c.tokenUrl(), version, c.clientId(), c.credentialRef(), c.scopes()),
                blank(request.schedule()) ? null : request.schedule(), request.enabled() == null || request.enabled(),
                request.conflictPolicy(), request.webhookSecretRefs(), createdAt, now, request.fieldOwnership());
    }

    private static void url(List<String> problems, String field, String value) {
        if (blank(value)) {
            problems.add(field + " is required");
            return;
        }
        try {
            URI uri = new URI(value);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                problems.add(field + " must be an absolute http(s) URL");
            }
        } catch (URISyntaxException e) {
            problems.add(field + " is not a URL: " + e.getMessage());
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
