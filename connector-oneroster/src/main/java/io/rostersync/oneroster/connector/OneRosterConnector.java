package io.rostersync.oneroster.connector;

import io.rostersync.core.connector.BatchSink;
import io.rostersync.core.connector.ConnectionCheck;
import io.rostersync.core.connector.Connector;
import io.rostersync.core.connector.ConnectorCapabilities;
import io.rostersync.core.connector.ConnectorException;
import io.rostersync.core.connector.PullOutcome;
import io.rostersync.core.connector.RejectedRecord;
import io.rostersync.core.connector.http.SisHttp;
import io.rostersync.core.connector.http.SisTokens;
import io.rostersync.core.events.ConnectionSettings;
import io.rostersync.core.events.PullCommand;
import io.rostersync.core.events.PullMode;
import io.rostersync.core.events.PushCommand;
import io.rostersync.core.events.PushResult;
import io.rostersync.core.roster.EntityType;
import io.rostersync.core.roster.RosterRecord;
import io.rostersync.core.secrets.SecretNotFoundException;
import io.rostersync.core.secrets.SecretResolver;
import io.rostersync.oneroster.OneRosterSettings;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pulls OneRoster rostering collections page by page and hands each page to the sink as it arrives: 1.2 with OAuth 2
 * client credentials, 1.1 with OAuth 1.0a HMAC-SHA256 signed requests, as the integration's version says. Stateless
 * apart from the token cache and the per-integration resilience guards: the server, credential reference and cursors
 * come in every command.
 *
 * <p>Paging does not trust the server: it works with or without {@code X-Total-Count} and {@code Link}, stops on an
 * empty or short page, fails on a page that repeats the previous one, drops records a page repeats from the previous
 * one (offsets shifted by an insert), and, when the declared total changes while it pages (records inserted or
 * hard-deleted underneath), neither claims a complete snapshot nor moves the cursor, so that the next run repeats the
 * window instead of deleting or skipping a record.
 *
 * <p>A record that fails validation is handed to {@link BatchSink#reject} with the reason (it ends up on the DLT) and
 * counted in its page's failed records; the pull goes on.
 */
public class OneRosterConnector implements Connector {

    private static final Logger log = LoggerFactory.getLogger(OneRosterConnector.class);

    /** OneRoster renders instants in UTC with milliseconds; cursors and filters use the same form. */
    static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** Wrapper property of a single-record answer ({@code GET /users/{id}} → {@code {"user": {...}}}). */
    private static final Map<EntityType, String> SINGLE = Map.of(
            EntityType.ORGS, "org",
            EntityType.ACADEMIC_SESSIONS, "academicSession",
            EntityType.COURSES, "course",
            EntityType.CLASSES, "class",
            EntityType.USERS, "user",
            EntityType.ENROLLMENTS, "enrollment",
            EntityType.DEMOGRAPHICS, "demographics");

    private final OneRosterSettings settings;
    private final SecretResolver secrets;
    private final SisHttp http;
    private final SisTokens tokens;
    private final OneRosterOAuth2Api v1p2;
    private final OneRosterOAuth1Api v1p1;
    private final OneRosterRecords normalizer;

    public OneRosterConnector(OneRosterSettings settings, SecretResolver secrets, JsonMapper json, Clock clock) {
        this.settings = settings;
        this.secrets = secrets;
        this.http = new SisHttp(settings.http(), json, clock);
        this.tokens = new SisTokens(http, OneRosterServer.STANDARD, clock, settings.tokenRefreshMargin());
        this.v1p2 = new OneRosterOAuth2Api(http, tokens);
        this.v1p1 = new OneRosterOAuth1Api(http, new OAuth1Signer(clock));
        this.normalizer = new OneRosterRecords(json);
    }

    @Override
    public ConnectorCapabilities capabilities() {
        return new ConnectorCapabilities(EnumSet.allOf(EntityType.class), EnumSet.allOf(PullMode.class), false);
    }

    @Override
    public PullOutcome pull(PullCommand command, BatchSink sink) {
        OneRosterServer server = server(command.integrationId(), command.connection());
        Map<EntityType, String> cursorAfter = new EnumMap<>(EntityType.class);
        List<EntityType> complete = new ArrayList<>();
        for (EntityType type : entityTypes(command)) {
            Instant cursor = cursor(command, type);
            if (command.mode() == PullMode.TARGETED) {
                pullTargeted(server, type, command.targetIds().getOrDefault(type, List.of()), sink);
                // A targeted pull saw a few records, not everything since the cursor: moving it would skip the rest.
                if (cursor != null) {
                    cursorAfter.put(type, command.cursors().get(type));
                }
                continue;
            }
            boolean incremental = command.mode() == PullMode.INCREMENTAL && cursor != null;
            String filter = incremental ? changedSince(cursor) : null;
            Window window = pullPages(server, type, filter, sink);
            Instant newest = window.drifted() ? cursor : max(cursor, window.newest());
            if (newest != null) {
                cursorAfter.put(type, newest.equals(cursor) ? command.cursors().get(type) : INSTANT.format(newest));
            }
            // A rejected record is still in the SIS: claiming a complete snapshot would let the sweep tombstone it.
            if (!incremental && !window.drifted() && window.failed() == 0) {
                complete.add(type);
            }
            log.info("pulled {}: {} records ({} rejected) in {} pages, {}{}{}", type.collection(), window.records(), window.failed(),
                    window.pages(), incremental ? "changed since " + INSTANT.format(cursor) : "full snapshot",
                    window.drifted() ? "; the collection changed while paging, so the window will be read again next run" : "",
                    !incremental && window.failed() > 0 ? "; not reported complete because rejected records would look deleted" : "");
        }
        return new PullOutcome(cursorAfter, complete);
    }

    @Override
    public PushResult push(PushCommand command) {
        throw new ConnectorException("unsupported", "OneRoster rostering is read-only; this integration cannot push");
    }

    @Override
    public ConnectionCheck check(ConnectionSettings connection) {
        Map<String, Long> counts = new LinkedHashMap<>();
        try {
            OneRosterServer server = server(null, connection);
            for (EntityType type : EntityType.values()) {
                HttpResponse<byte[]> response = api(server).get(server, "/" + type.collection() + "?limit=1");
                if (response.statusCode() == 404) {
                    throw new ConnectorException("config", "OneRoster server " + server.baseUrl() + " has no /" + type.collection()
                            + " collection: check the integration's base URL");
                }
                Long total = totalCount(response);
                if (total != null) {
                    counts.put(type.collection(), total);
                }
            }
            return new ConnectionCheck(true, true, "connected to OneRoster " + server.version().label() + " server "
                    + server.baseUrl() + " as client " + server.clientId(), counts);
        } catch (ConnectorException e) {
            boolean reachable = !"unreachable".equals(e.errorClass()) && !"config".equals(e.errorClass());
            boolean authenticated = !"auth".equals(e.errorClass()) && reachable && !"rate-limited".equals(e.errorClass());
            return new ConnectionCheck(authenticated, reachable, "[" + e.errorClass() + "] " + e.getMessage(), counts);
        }
    }

    /** Token requests sent by this connector so far; lets tests prove tokens are reused. */
    long tokenRequestsSent() {
        return tokens.requestsSent();
    }

    /** The circuit breaker state of an integration; for diagnostics and tests. */
    public String circuitState(String integrationId) {
        return http.circuitState(integrationId).name();
    }

    private OneRosterApi api(OneRosterServer server) {
        return OneRosterApi.of(server, v1p2, v1p1);
    }

    // ------------------------------------------------------------------ full and incremental

    /** What one collection read produced. {@code newest} is null when no record came back. */
    private record Window(long pages, long records, long failed, Instant newest, boolean drifted) {
    }

    private Window pullPages(OneRosterServer server, EntityType type, String filter, BatchSink sink) {
        String collection = type.collection();
        int limit = settings.pageSize();
        long offset = 0;
        long pages = 0;
        long records = 0;
        long failedTotal = 0;
        Instant newest = null;
        Long firstTotal = null;
        Long lastTotal = null;
        int largestPage = 0;
        Set<String> previousIds = new HashSet<>();
        OneRosterApi api = api(server);
        while (true) {
            String query = "/" + collection + "?limit=" + limit + "&offset=" + offset + "&sort=sourcedId"
                    + (filter == null ? "" : "&filter=" + encode(filter));
            HttpResponse<byte[]> response = api.get(server, query);
            String what = "OneRoster server " + server.baseUrl() + "/" + collection;
            if (response.statusCode() == 404) {
                throw new ConnectorException("config", what + " answered 404: the server has no such collection; check the base URL");
            }
            JsonNode array = http.parse(response, what).path(collection);
            if (!array.isArray()) {
                throw new ConnectorException("protocol", what + " answered 200 without a '" + collection + "' array");
            }
            Long total = totalCount(response);
            if (firstTotal == null) {
                firstTotal = total;
            }
            lastTotal = total != null ? total : lastTotal;
            if (array.isEmpty()) {
                break;
            }
            Set<String> ids = new HashSet<>(array.size());
            array.forEach(node -> {
                String id = OneRosterRecords.idOf(node);
                if (id != null) {
                    ids.add(id);
                }
            });
            if (!ids.isEmpty() && previousIds.containsAll(ids)) {
                throw new ConnectorException("protocol", what + " returned the same page for offset " + offset
                        + " as for the offset before (no record it had not sent already); the server seems to ignore 'offset',"
                        + " so the collection cannot be paged");
            }
            List<RosterRecord> page = new ArrayList<>(array.size());
            int failed = 0;
            for (JsonNode node : array) {
                String id = OneRosterRecords.idOf(node);
                if (id != null && previousIds.contains(id)) {
                    // Offsets shifted by a record inserted before this page: this one was on the last page already.
                    continue;
                }
                OneRosterRecords.Normalized normalized = normalizer.normalize(server.version(), type, node);
                if (normalized.valid()) {
                    page.add(normalized.record());
                    newest = max(newest, normalized.record().dateLastModified());
                } else {
                    failed++;
                    sink.reject(new RejectedRecord(type, normalized.sourcedId(), normalized.problem(), node.toString()));
                }
            }
            previousIds = ids;
            // One batch per page, straight away: memory stays bounded by the page size, whatever the district size.
            sink.accept(type, page, List.of(), failed);
            pages++;
            records += page.size();
            failedTotal += failed;
            offset += array.size();
            largestPage = Math.max(largestPage, array.size());
            if (!morePages(response, total, offset, array.size(), largestPage)) {
                break;
            }
        }
        boolean drifted = firstTotal != null && lastTotal != null && !firstTotal.equals(lastTotal);
        if (drifted) {
            log.warn("{} declared {} records on the first page and {} on the last: records were added or removed while paging",
                    collection, firstTotal, lastTotal);
        }
        return new Window(pages, records, failedTotal, newest, drifted);
    }

    /**
     * Whether to ask for another page. A declared total or a {@code next} link decides when present; otherwise a
     * page shorter than the largest one so far is the last (a server may clamp {@code limit} below what we asked,
     * so "shorter than asked" alone would stop too early).
     */
    private static boolean morePages(HttpResponse<byte[]> response, Long total, long offset, int pageSize, int largestPage) {
        if (total != null) {
            return offset < total;
        }
        List<String> links = response.headers().allValues("Link");
        if (!links.isEmpty()) {
            return links.stream().flatMap(l -> Arrays.stream(l.split(","))).anyMatch(l -> l.replace(" ", "").contains("rel=\"next\"")
                    || l.replace(" ", "").contains("rel=next"));
        }
        return pageSize >= largestPage;
    }

    // ------------------------------------------------------------------ targeted

    private void pullTargeted(OneRosterServer server, EntityType type, List<String> ids, BatchSink sink) {
        OneRosterApi api = api(server);
        List<RosterRecord> records = new ArrayList<>();
        List<String> deletes = new ArrayList<>();
        int failed = 0;
        for (String id : ids) {
            HttpResponse<byte[]> response = api.get(server, "/" + type.collection() + "/" + encode(id));
            String what = "OneRoster server " + server.baseUrl() + "/" + type.collection() + "/{id}";
            if (response.statusCode() == 404) {
                // The SIS no longer has it (hard delete): report it so the orchestrator writes a tombstone.
                deletes.add(id);
            } else {
                JsonNode root = http.parse(response, what);
                JsonNode node = root.path(SINGLE.get(type));
                if (!node.isObject() && root.isObject() && root.size() == 1) {
                    node = root.values().iterator().next();
                }
                if (!node.isObject()) {
                    throw new ConnectorException("protocol", what + " answered 200 without a '" + SINGLE.get(type) + "' object");
                }
                OneRosterRecords.Normalized normalized = normalizer.normalize(server.version(), type, node);
                if (normalized.valid() && normalized.record().sourcedId().equals(id)) {
                    records.add(normalized.record());
                } else {
                    failed++;
                    sink.reject(new RejectedRecord(type, id, normalized.valid() ? "came back with a different sourcedId"
                            : normalized.problem(), node.toString()));
                }
            }
            if (records.size() + deletes.size() + failed >= settings.pageSize()) {
                sink.accept(type, records, deletes, failed);
                records = new ArrayList<>();
                deletes = new ArrayList<>();
                failed = 0;
            }
        }
        if (!records.isEmpty() || !deletes.isEmpty() || failed > 0) {
            sink.accept(type, records, deletes, failed);
        }
        log.info("pulled {} targeted {} records", ids.size(), type.collection());
    }

    // ------------------------------------------------------------------ command interpretation

    /** @param integrationId null for a check of settings not saved yet */
    private OneRosterServer server(String integrationId, ConnectionSettings connection) {
        String secret;
        try {
            secret = secrets.resolve(connection == null ? null : connection.credentialRef());
        } catch (SecretNotFoundException e) {
            throw new ConnectorException("config", "cannot resolve the OneRoster client secret: " + e.getMessage());
        }
        return OneRosterServer.of(integrationId, connection, secret);
    }

    /** The command's entity types in dependency order; none named means all (for targeted: those with ids). */
    private static List<EntityType> entityTypes(PullCommand command) {
        Set<EntityType> wanted = EnumSet.noneOf(EntityType.class);
        if (!command.entityTypes().isEmpty()) {
            wanted.addAll(command.entityTypes());
        } else if (command.mode() == PullMode.TARGETED) {
            wanted.addAll(command.targetIds().keySet());
        } else {
            wanted.addAll(EnumSet.allOf(EntityType.class));
        }
        return List.copyOf(wanted);
    }

    private static Instant cursor(PullCommand command, EntityType type) {
        String value = command.cursors().get(type);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw new ConnectorException("config", "the cursor '" + value + "' for " + type.collection()
                    + " is not an ISO-8601 instant; OneRoster cursors are dateLastModified values");
        }
    }

    /**
     * Without an overlap, strictly after the cursor (the record at the cursor was delivered last time); with one,
     * from a little before it, re-delivering the boundary records, which the idempotent apply counts as unchanged.
     */
    private String changedSince(Instant cursor) {
        if (settings.incrementalOverlap().isZero()) {
            return "dateLastModified>'" + INSTANT.format(cursor) + "'";
        }
        return "dateLastModified>='" + INSTANT.format(cursor.minus(settings.incrementalOverlap())) + "'";
    }

    private static Long totalCount(HttpResponse<byte[]> response) {
        return response.headers().firstValue("X-Total-Count").map(String::strip).filter(v -> v.matches("\\d{1,18}"))
                .map(Long::valueOf).orElse(null);
    }

    private static Instant max(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
