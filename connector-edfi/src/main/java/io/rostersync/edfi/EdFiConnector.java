package io.rostersync.edfi;

import io.rostersync.core.connector.BatchSink;
import io.rostersync.core.connector.RejectedRecord;
import io.rostersync.core.connector.ConnectionCheck;
import io.rostersync.core.connector.Connector;
import io.rostersync.core.connector.ConnectorCapabilities;
import io.rostersync.core.connector.ConnectorException;
import io.rostersync.core.connector.PullOutcome;
import io.rostersync.core.connector.http.SisHttp;
import io.rostersync.core.connector.http.SisTokens;
import io.rostersync.core.events.ConnectionSettings;
import io.rostersync.core.events.OutboxChange;
import io.rostersync.core.events.PullCommand;
import io.rostersync.core.events.PullFailed;
import io.rostersync.core.events.PullMode;
import io.rostersync.core.events.PushCommand;
import io.rostersync.core.events.PushResult;
import io.rostersync.core.roster.EntityType;
import io.rostersync.core.roster.RosterRecord;
import io.rostersync.core.secrets.SecretNotFoundException;
import io.rostersync.core.secrets.SecretResolver;
import io.rostersync.edfi.EdFiRecords.Resource;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pulls an Ed-Fi ODS/API (7.x, Data Standard 5) with change queries and pushes users back with optimistic
 * concurrency. Stateless apart from the token cache: the server, credential reference and cursors come in every command.
 *
 * <p>A pull fixes one window {@code (cursor, newestChangeVersion]} from {@code availableChangeVersions} (no cursor:
 * everything up to the newest version) and reads, per resource in dependency order, key changes, then upserts
 * (keyset {@code pageToken}/{@code pageSize} paging, or {@code offset}/{@code limit} when the server offers no tokens),
 * then deletes in reverse dependency order. Every page goes to the sink as it arrives. The cursor of each entity
 * type becomes the window's upper bound (a decimal change version).
 */
public class EdFiConnector implements Connector {

    private static final Logger log = LoggerFactory.getLogger(EdFiConnector.class);

    /** base64url of {@code "v1\n\n"}: a keyset walk over the whole (windowed) resource. */
    static final String FIRST_PAGE_TOKEN = "djEKCg";

    private final EdFiSettings settings;
    private final SecretResolver secrets;
    private final EdFiApi api;
    private final SisTokens tokens;
    private final JsonMapper json;

    public EdFiConnector(EdFiSettings settings, SecretResolver secrets, JsonMapper json, Clock clock) {
        this.settings = settings;
        this.secrets = secrets;
        this.json = json;
        SisHttp http = new SisHttp(settings.http(), json);
        this.tokens = new SisTokens(http, EdFiServer.STANDARD, clock, settings.tokenRefreshMargin());
        this.api = new EdFiApi(http, tokens);
    }

    @Override
    public ConnectorCapabilities capabilities() {
        return new ConnectorCapabilities(EnumSet.of(EntityType.ORGS, EntityType.ACADEMIC_SESSIONS, EntityType.COURSES,
                EntityType.CLASSES, EntityType.USERS, EntityType.ENROLLMENTS), EnumSet.of(PullMode.FULL, PullMode.INCREMENTAL), true);
    }

    /** Token requests sent by this connector so far; lets tests prove tokens are reused. */
    long tokenRequestsSent() {
        return tokens.requestsSent();
    }

    // ------------------------------------------------------------------ pull

    @Override
    public PullOutcome pull(PullCommand command, BatchSink sink) {
        if (command.mode() == PullMode.TARGETED) {
            throw new ConnectorException("unsupported", "targeted Ed-Fi pulls are not available yet; use an incremental pull");
        }
        EdFiServer server = server(command.integrationId(), command.connection());
        Set<EntityType> wanted = command.entityTypes().isEmpty() ? capabilities().entityTypes() : EnumSet.copyOf(command.entityTypes());
        ChangeVersions versions = changeVersions(server);
        long newest = versions.newest();
        EdFiRecords records = new EdFiRecords(api, server);
        Map<EntityType, String> cursorAfter = new EnumMap<>(EntityType.class);
        List<EntityType> complete = new ArrayList<>();
        Map<Resource, Long> minimum = new EnumMap<>(Resource.class);
        Set<EntityType> rejected = EnumSet.noneOf(EntityType.class);
        for (Resource resource : Resource.values()) {
            if (!wanted.contains(resource.type)) {
                continue;
            }
            Long from = command.mode() == PullMode.FULL ? null : cursor(command, resource.type);
            if (from != null && from + 1 < versions.oldest()) {
                // The changes between the cursor and what the SIS still keeps are gone (deletes among them): reading on
                // from the oldest would silently miss them. Say so; the orchestrator resyncs in full.
                throw new ConnectorException(PullFailed.CURSOR_EXPIRED, "the Ed-Fi API keeps changes from version " + versions.oldest()
                        + " on, but the " + resource.type.collection() + " cursor is at " + from
                        + ": the changes in between are no longer available, so a full resync is needed");
            }
            minimum.put(resource, from == null ? null : from + 1);
        }
        // Key changes first: they do not change canonical ids (see EdFiRecords), but reading them up front fills
        // the key history before any record or reference is mapped.
        for (Resource resource : minimum.keySet()) {
            if (resource == Resource.STUDENTS || resource == Resource.STAFFS) {
                records.loadKeyChanges(resource);
            }
        }
        for (Map.Entry<Resource, Long> entry : minimum.entrySet()) {
            Long min = entry.getValue();
            if (min != null && min > newest) {
                continue;
            }
            pullUpserts(server, records, entry.getKey(), min, newest, sink, rejected);
        }
        List<Resource> reverse = new ArrayList<>(minimum.keySet());
        java.util.Collections.reverse(reverse);
        for (Resource resource : reverse) {
            Long min = minimum.get(resource);
            // A first sync is a complete snapshot: deletes before it do not matter.
            if (min != null && min <= newest) {
                pullDeletes(server, records, resource, min, newest, sink);
            }
        }
        for (Resource resource : minimum.keySet()) {
            cursorAfter.put(resource.type, Long.toString(newest));
            // A rejected item is still in the SIS: claiming a complete snapshot would let the sweep tombstone it.
            if (minimum.get(resource) == null && !complete.contains(resource.type) && !rejected.contains(resource.type)) {
                complete.add(resource.type);
            }
        }
        return new PullOutcome(cursorAfter, complete);
    }

    /** The change versions the server can serve: {@code [oldest, newest]}. */
    private record ChangeVersions(long oldest, long newest) {
    }

    private ChangeVersions changeVersions(EdFiServer server) {
        URI uri = URI.create(server.changeQueriesUrl() + "/availableChangeVersions");
        JsonNode versions = api.http().parse(api.get(server, uri, false), "Ed-Fi " + uri);
        JsonNode newest = versions.path("newestChangeVersion");
        if (!newest.isNumber()) {
            throw new ConnectorException("protocol", "Ed-Fi " + uri + " answered without a numeric newestChangeVersion");
        }
        JsonNode oldest = versions.path("oldestChangeVersion");
        // Older ODS/API versions leave it out: nothing is known to be purged.
        return new ChangeVersions(oldest.isNumber() ? oldest.asLong() : 0L, newest.asLong());
    }

    private void pullUpserts(EdFiServer server, EdFiRecords records, Resource resource, Long min, long max, BatchSink sink, Set<EntityType> rejected) {
        String window = (min == null ? "" : "&minChangeVersion=" + min) + "&maxChangeVersion=" + max;
        String token = FIRST_PAGE_TOKEN;
        boolean keyset = true;
        long offset = 0;
        long total = 0;
        while (true) {
            String query = resource.path + "?" + (keyset ? "pageToken=" + token + "&pageSize=" + settings.pageSize()
                    : "offset=" + offset + "&limit=" + settings.pageSize()) + window;
            HttpResponse<byte[]> response = api.send(server, "GET", server.resource(query), null, null);
            if (keyset && response.statusCode() == 400 && offset == 0) {
                // Before ODS/API 7.3 there are no page tokens: fall back to offset paging inside the fixed window.
                keyset = false;
                continue;
            }
            if (response.statusCode() != 200) {
                throw new ConnectorException(response.statusCode() == 404 ? "config" : "protocol", "Ed-Fi " + resource.path
                        + " answered " + response.statusCode() + api.http().describe(response));
            }
            JsonNode page = api.http().parse(response, "Ed-Fi " + resource.path);
            if (!page.isArray()) {
                throw new ConnectorException("protocol", "Ed-Fi " + resource.path + " answered 200 without an array");
            }
            emit(records, resource, page, sink, rejected);
            total += page.size();
            if (keyset) {
                String next = response.headers().firstValue("Next-Page-Token").orElse(null);
                if (next == null || next.isBlank() || page.isEmpty()) {
                    break;
                }
                token = next;
            } else {
                offset += page.size();
                if (page.size() < settings.pageSize()) {
                    break;
                }
            }
        }
        log.info("pulled Ed-Fi {}: {} items, change versions {}..{}", resource.path, total, min == null ? "start" : min, max);
    }

    private void emit(EdFiRecords records, Resource resource, JsonNode page, BatchSink sink, Set<EntityType> rejected) {
        List<RosterRecord> batch = new ArrayList<>(page.size());
        int failed = 0;
        for (JsonNode item : page) {
            try {
                batch.add(records.toRecord(resource, item));
            } catch (IllegalArgumentException e) {
                failed++;
                rejected.add(resource.type);
                // Dead-lettered with the reason (never the values); the rest of the pull goes on.
                sink.reject(new RejectedRecord(resource.type, EdFiRecords.text(item, "id"), "Ed-Fi " + resource.path + " item " + e.getMessage(),
                        item.toString()));
            }
        }
        if (!batch.isEmpty() || failed > 0) {
            sink.accept(resource.type, batch, List.of(), failed);
        }
    }

    private void pullDeletes(EdFiServer server, EdFiRecords records, Resource resource, long min, long max, BatchSink sink) {
        long offset = 0;
        while (true) {
            String query = resource.path + "/deletes?minChangeVersion=" + min + "&maxChangeVersion=" + max + "&offset=" + offset
                    + "&limit=" + settings.pageSize();
            JsonNode page = api.http().parse(api.get(server, server.resource(query), false), "Ed-Fi " + resource.path + "/deletes");
            List<String> deletes = new ArrayList<>();
            for (JsonNode deleted : page) {
                String id = EdFiRecords.text(deleted, "id");
                if (id != null) {
                    deletes.add(records.canonicalId(resource, id, deleted.path("keyValues")));
                }
            }
            if (!deletes.isEmpty()) {
                sink.accept(resource.type, List.of(), deletes, 0);
            }
            offset += page.size();
            if (page.size() < settings.pageSize()) {
                return;
            }
        }
    }

    private static Long cursor(PullCommand command, EntityType type) {
        String value = command.cursors().get(type);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new ConnectorException("config", "the cursor '" + value + "' for " + type.collection()
                    + " is not a change version; Ed-Fi cursors are decimal change versions");
        }
    }

    // ------------------------------------------------------------------ push

    @Override
    public PushResult push(PushCommand command) {
        EdFiServer server = server(command.integrationId(), command.connection());
        EdFiRecords records = new EdFiRecords(api, server);
        List<PushResult.ChangeOutcome> outcomes = new ArrayList<>();
        for (OutboxChange change : command.changes()) {
            outcomes.add(pushOne(server, records, change));
        }
        return new PushResult(command.runId(), command.integrationId(), outcomes);
    }

    private PushResult.ChangeOutcome pushOne(EdFiServer server, EdFiRecords records, OutboxChange change) {
        if (change.entityType() != EntityType.USERS) {
            return outcome(change, PushResult.Status.REJECTED, null, Map.of(),
                    "Ed-Fi " + change.entityType().collection() + " are read-only for RosterSync; only users (students, staffs) can be pushed");
        }
        try {
            Located located = locate(server, change.sourcedId());
            Resource resource = located == null ? Resource.STUDENTS : located.resource();
            Map<String, String> fields;
            try {
                fields = EdFiRecords.toEdFiFields(resource, change.fields());
            } catch (IllegalArgumentException e) {
                return outcome(change, PushResult.Status.REJECTED, null, Map.of(), e.getMessage());
            }
            ObjectNode body;
            if (located != null) {
                body = located.item().deepCopy();
                body.remove("_etag");
                body.remove("_lastModifiedDate");
            } else {
                body = json.createObjectNode();
                body.put("studentUniqueId", change.sourcedId());
            }
            fields.forEach((k, v) -> {
                if (v == null) {
                    body.remove(k);
                } else {
                    body.put(k, v);
                }
            });
            HttpResponse<byte[]> response;
            if (located != null && change.etag() != null) {
                String id = body.remove("id").asString();
                response = api.send(server, "PUT", server.resource(resource.path + "/" + id), json.writeValueAsString(body), change.etag());
            } else {
                // No etag (a create, or a change not based on a known version): POST is an upsert by natural key.
                body.remove("id");
                response = api.send(server, "POST", server.resource(resource.path), json.writeValueAsString(body), null);
            }
            int status = response.statusCode();
            if (status == 200 || status == 201 || status == 204) {
                Located after = locate(server, change.sourcedId());
                String etag = response.headers().firstValue("ETag").map(e -> e.replace("\"", ""))
                        .orElse(after == null ? null : EdFiRecords.text(after.item(), "_etag"));
                return outcome(change, PushResult.Status.APPLIED, etag, Map.of(), null);
            }
            if (status == 412) {
                Located current = locate(server, change.sourcedId());
                Map<String, Object> remote = current == null ? Map.of() : records.toRecord(current.resource(), current.item()).attributes();
                // The current version's etag travels with the conflict, so a resolution can be written against it.
                return outcome(change, PushResult.Status.CONFLICT, current == null ? null : EdFiRecords.text(current.item(), "_etag"), remote,
                        "the SIS changed the record since version " + change.etag() + api.http().describe(response));
            }
            return outcome(change, PushResult.Status.REJECTED, null, Map.of(),
                    "Ed-Fi answered " + status + api.http().describe(response));
        } catch (ConnectorException e) {
            return outcome(change, PushResult.Status.FAILED, null, Map.of(), "[" + e.errorClass() + "] " + e.getMessage());
        }
    }

    private record Located(Resource resource, ObjectNode item) {
    }

    /**
     * The person behind a canonical user id: a 32-hex Ed-Fi id as is, otherwise the id the documented mapping gives
     * ({@code MD5("<resource>/<sourcedId>")}), tried as a student, then as a staff; null when neither exists.
     */
    private Located locate(EdFiServer server, String sourcedId) {
        for (Resource resource : List.of(Resource.STUDENTS, Resource.STAFFS)) {
            String id = sourcedId.matches("[0-9a-f]{32}") ? sourcedId : EdFiRecords.md5(resource.path + "/" + sourcedId);
            HttpResponse<byte[]> response = api.get(server, server.resource(resource.path + "/" + id), true);
            if (response.statusCode() == 200) {
                return new Located(resource, (ObjectNode) api.http().parse(response, "Ed-Fi " + resource.path));
            }
        }
        return null;
    }

    private static PushResult.ChangeOutcome outcome(OutboxChange change, PushResult.Status status, String etag,
                                                    Map<String, Object> remote, String reason) {
        return new PushResult.ChangeOutcome(change.changeId(), change.sourcedId(), status, etag, remote, reason);
    }

    // ------------------------------------------------------------------ check

    @Override
    public ConnectionCheck check(ConnectionSettings connection) {
        Map<String, Long> counts = new LinkedHashMap<>();
        try {
            EdFiServer server = server(null, connection);
            long newest = changeVersions(server).newest();
            HttpResponse<byte[]> students = api.get(server, server.resource("students?limit=1&totalCount=true"), false);
            students.headers().firstValue("Total-Count").map(String::strip).filter(v -> v.matches("\\d{1,18}"))
                    .ifPresent(v -> counts.put("students", Long.valueOf(v)));
            return new ConnectionCheck(true, true, "connected to " + server.baseUrl() + " as client " + server.clientId()
                    + "; newest change version " + newest, counts);
        } catch (ConnectorException e) {
            boolean reachable = !"unreachable".equals(e.errorClass()) && !"config".equals(e.errorClass());
            boolean authenticated = !"auth".equals(e.errorClass()) && reachable && !"rate-limited".equals(e.errorClass());
            return new ConnectionCheck(authenticated, reachable, "[" + e.errorClass() + "] " + e.getMessage(), counts);
        }
    }

    /** @param integrationId whose rate limit and circuit breaker the requests count against; null for a check of unsaved settings */
    private EdFiServer server(String integrationId, ConnectionSettings connection) {
        String secret;
        try {
            secret = secrets.resolve(connection == null ? null : connection.credentialRef());
        } catch (SecretNotFoundException e) {
            throw new ConnectorException("config", "cannot resolve the Ed-Fi client secret: " + e.getMessage());
        }
        return EdFiServer.of(integrationId, connection, secret);
    }
}
