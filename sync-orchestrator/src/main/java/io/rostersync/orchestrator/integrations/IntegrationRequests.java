package io.rostersync.orchestrator.integrations;

import io.rostersync.core.events.ConnectionSettings;
import io.rostersync.core.integrations.ConnectorType;
import io.rostersync.core.integrations.BlackoutWindow;
import io.rostersync.core.integrations.Integration;
import io.rostersync.core.integrations.MassChangeThresholds;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZoneId;
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
        if (!blank(request.reconciliationSchedule())) {
            try {
                CronExpression.parse(request.reconciliationSchedule());
            } catch (IllegalArgumentException e) {
                problems.add("reconciliationSchedule '" + request.reconciliationSchedule() + "' is not a valid cron expression: " + e.getMessage());
            }
        }
        thresholdProblems(problems, request.massChangeThresholds());
        if (request.timeZone() != null) {
            try {
                ZoneId.of(request.timeZone());
            } catch (DateTimeException e) {
                problems.add("timeZone '" + request.timeZone() + "' is not an IANA time zone such as America/Chicago");
            }
        }
        if (request.blackoutWindows() != null) {
            for (int i = 0; i < request.blackoutWindows().size(); i++) {
                windowProblems(problems, "blackoutWindows[" + i + "]", request.blackoutWindows().get(i));
            }
        }
        return problems;
    }

    private static void thresholdProblems(List<String> problems, IntegrationRequest.Thresholds t) {
        if (t == null) {
            return;
        }
        percent(problems, "massChangeThresholds.deletedPercent", t.deletedPercent());
        percent(problems, "massChangeThresholds.updatedPercent", t.updatedPercent());
        if (t.minimumRecords() != null && t.minimumRecords() < 0) {
            problems.add("massChangeThresholds.minimumRecords must be 0 or more");
        }
    }

    private static void percent(List<String> problems, String field, Double value) {
        if (value != null && (value < 0 || value > 100)) {
            problems.add(field + " must be between 0 and 100");
        }
    }

    private static void windowProblems(List<String> problems, String field, IntegrationRequest.Window w) {
        if (w == null) {
            problems.add(field + " must be an object");
            return;
        }
        if (blank(w.name())) {
            problems.add(field + ".name is required (it is shown as the reason a run was skipped)");
        }
        if ((w.fromDate() == null) != (w.toDate() == null)) {
            problems.add(field + " needs both fromDate and toDate, or neither");
        }
        for (String date : new String[] {w.fromDate(), w.toDate()}) {
            if (date != null) {
                try {
                    MonthDay.parse("--" + date);
                } catch (DateTimeException e) {
                    problems.add(field + " date '" + date + "' must be MM-DD, e.g. 06-15");
                }
            }
        }
        if ((w.fromTime() == null) != (w.toTime() == null)) {
            problems.add(field + " needs both fromTime and toTime, or neither");
        }
        for (String time : new String[] {w.fromTime(), w.toTime()}) {
            if (time != null) {
                try {
                    LocalTime.parse(time);
                } catch (DateTimeException e) {
                    problems.add(field + " time '" + time + "' must be HH:mm, e.g. 01:30");
                }
            }
        }
        if (w.daysOfWeek() != null) {
            for (String day : w.daysOfWeek()) {
                try {
                    DayOfWeek.valueOf(String.valueOf(day).toUpperCase(java.util.Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    problems.add(field + " day '" + day + "' must be a weekday such as MONDAY");
                }
            }
        }
        if (w.fromDate() == null && w.fromTime() == null && (w.daysOfWeek() == null || w.daysOfWeek().isEmpty())) {
            problems.add(field + " names no dates, days or times: it would skip every scheduled run; pause the integration instead");
        }
    }

    /**
     * @param paused whether the integration is paused: operator state kept from the stored integration, not part of
     *     the request
     */
    static Integration toIntegration(String id, IntegrationRequest request, Instant createdAt, Instant now, boolean paused) {
        IntegrationRequest.Connection c = request.connection();
        ConnectorType connector = ConnectorType.fromValue(request.connector());
        String version = blank(c.version()) ? (connector == ConnectorType.ONEROSTER ? "1.2" : "7") : c.version();
        return new Integration(id, request.name(), connector,
                new ConnectionSettings(c.baseUrl(), c.tokenUrl(), version, c.clientId(), c.credentialRef(), c.scopes()),
                blank(request.schedule()) ? null : request.schedule(), request.enabled() == null || request.enabled(),
                request.conflictPolicy(), request.webhookSecretRefs(), createdAt, now, request.fieldOwnership(),
                thresholds(request.massChangeThresholds()), paused, request.timeZone(), windows(request.blackoutWindows()),
                blank(request.reconciliationSchedule()) ? null : request.reconciliationSchedule());
    }

    private static MassChangeThresholds thresholds(IntegrationRequest.Thresholds t) {
        MassChangeThresholds d = MassChangeThresholds.DEFAULTS;
        if (t == null) {
            return d;
        }
        return new MassChangeThresholds(t.deletedPercent() == null ? d.deletedPercent() : t.deletedPercent(),
                t.updatedPercent() == null ? d.updatedPercent() : t.updatedPercent(),
                t.minimumRecords() == null ? d.minimumRecords() : t.minimumRecords());
    }

    private static List<BlackoutWindow> windows(List<IntegrationRequest.Window> windows) {
        if (windows == null) {
            return List.of();
        }
        return windows.stream().map(w -> new BlackoutWindow(w.name(), w.fromDate(), w.toDate(),
                w.daysOfWeek() == null ? List.of() : w.daysOfWeek().stream()
                        .map(d -> DayOfWeek.valueOf(d.toUpperCase(java.util.Locale.ROOT))).toList(),
                w.fromTime(), w.toTime())).toList();
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
