package io.rostersync.simulator.edfi;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import io.rostersync.simulator.SimulatorSettings;
import io.rostersync.simulator.district.District;
import io.rostersync.simulator.district.Districts;
import io.rostersync.simulator.edfi.EdFiResources.Item;
import io.rostersync.simulator.edfi.EdFiResources.Resource;

/**
 * An Ed-Fi ODS/API 7 (Data Standard 5) server over the district: {@code /data/v3/ed-fi/{resource}} with offset and
 * keyset paging, change queries, deletes and key changes, and writes ({@link EdFiWrites}) for every served resource.
 * <p>
 * Keyset paging ({@code pageToken}/{@code pageSize}) follows ODS/API 7.3 in spirit with our own token: base64url
 * (no padding) of {@code v1\n<afterKey>\n<untilKey>}, where keys are the items' order keys (see {@link EdFiIds});
 * {@code afterKey} is exclusive and empty for the start, {@code untilKey} inclusive and empty for the end. The next
 * page's token comes in the {@code Next-Page-Token} header (absent on the last page);
 * {@code /{resource}/partitions?number=n} returns {@code {"pageTokens":[...]}}, one token per contiguous range.
 */
@RestController
class EdFiController {

    static final String DATA = "/data/v3";
    static final String CHANGE_QUERIES = "/changeQueries/v1";
    private static final String ED_FI = DATA + "/ed-fi";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> PAGING = Set.of("offset", "limit", "totalcount", "minchangeversion",
            "maxchangeversion", "pagetoken", "pagesize", "number");

    private final Districts districts;
    private final SimulatorSettings.EdFi settings;
    private final EdFiItems items;
    private final EdFiWrites writes;

    EdFiController(Districts districts, SimulatorSettings settings, EdFiItems items, EdFiWrites writes) {
        this.districts = districts;
        this.settings = settings.edFi();
        this.items = items;
        this.writes = writes;
    }

    /** The Ed-Fi change window and paging of one request. */
    private record Query(long offset, int limit, boolean totalCount, long minVersion, long maxVersion,
            String pageToken, Integer pageSize, Map<String, String> filters) {

        boolean inWindow(Item item) {
            return item.changeVersion() >= minVersion && item.changeVersion() <= maxVersion;
        }
    }

    // ------------------------------------------------------------------ change queries

    @GetMapping(path = CHANGE_QUERIES + "/availableChangeVersions", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Long> availableChangeVersions() {
        District district = districts.current();
        return Map.of("oldestChangeVersion", district.oldestChangeVersion(), "newestChangeVersion", district.newestChangeVersion());
    }

    // ------------------------------------------------------------------ reads

    @GetMapping(path = ED_FI + "/{resource}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ArrayNode> list(@PathVariable String resource, @RequestParam MultiValueMap<String, String> params) {
        Resource source = EdFiItems.resource(resource);
        District district = districts.current();
        Query query = query(params);
        String[] range = query.pageToken() == null ? new String[] { null, null } : decodeToken(query.pageToken());
        Predicate<Item> wanted = item -> !item.deleted() && query.inWindow(item)
                && (range[1] == null || item.key().compareTo(range[1]) <= 0) && matches(item, query.filters());
        HttpHeaders headers = new HttpHeaders();
        List<Item> page;
        if (query.pageToken() != null) {
            int size = query.pageSize() != null ? query.pageSize() : settings.defaultLimit();
            // Items are in key order, so the first key beyond the range ends the scan.
            page = source.items(district, range[0])
                    .takeWhile(item -> range[1] == null || item.key().compareTo(range[1]) <= 0).filter(wanted)
                    .limit(size + 1L).toList();
            if (page.size() > size) {
                page = page.subList(0, size);
                headers.set("Next-Page-Token", encodeToken(page.get(size - 1).key(), range[1]));
            }
        } else {
            page = source.items(district, null).filter(wanted).skip(query.offset()).limit(query.limit()).toList();
        }
        if (query.totalCount()) {
            headers.set("Total-Count", Long.toString(source.items(district, range[0]).filter(wanted).count()));
        }
        ArrayNode body = NODES.arrayNode();
        page.forEach(item -> body.add(items.render(resource, item)));
        return ResponseEntity.ok().headers(headers).contentType(MediaType.APPLICATION_JSON).body(body);
    }

    @GetMapping(path = ED_FI + "/{resource}/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ObjectNode> one(@PathVariable String resource, @PathVariable String id) {
        Item item = items.find(resource, id);
        return ResponseEntity.ok().eTag(Long.toString(item.changeVersion())).contentType(MediaType.APPLICATION_JSON)
                .body(items.render(resource, item));
    }

    @GetMapping(path = ED_FI + "/{resource}/deletes", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ArrayNode> deletes(@PathVariable String resource, @RequestParam MultiValueMap<String, String> params) {
        Resource source = EdFiItems.resource(resource);
        Query query = query(params);
        List<Item> deleted = source.items(districts.current(), null).filter(i -> i.deleted() && query.inWindow(i))
                .sorted((a, b) -> Long.compare(a.changeVersion(), b.changeVersion())).toList();
        ArrayNode body = NODES.arrayNode();
        deleted.stream().skip(query.offset()).limit(query.limit()).forEach(item -> {
            ObjectNode n = body.addObject();
            n.put("id", item.id());
            n.put("changeVersion", item.changeVersion());
            n.set("keyValues", item.keyValues().get());
        });
        return withTotal(body, query, deleted.size());
    }

    @GetMapping(path = ED_FI + "/{resource}/keyChanges", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ArrayNode> keyChanges(@PathVariable String resource,
            @RequestParam MultiValueMap<String, String> params) {
        EdFiItems.resource(resource);
        Query query = query(params);
        List<District.KeyChange> changes = districts.current().keyChanges().stream()
                .filter(c -> c.view().equals(resource) && c.changeVersion() >= query.minVersion()
                        && c.changeVersion() <= query.maxVersion())
                .toList();
        ArrayNode body = NODES.arrayNode();
        changes.stream().skip(query.offset()).limit(query.limit()).forEach(change -> {
            ObjectNode n = body.addObject();
            n.put("id", EdFiIds.resourceId(resource, change.key()));
            n.put("changeVersion", change.changeVersion());
            n.set("oldKeyValues", ordered(resource, change.oldKeyValues()));
            n.set("newKeyValues", ordered(resource, change.newKeyValues()));
        });
        return withTotal(body, query, changes.size());
    }

    /** Key values in the resource's key order (the log keeps them unordered). */
    private static ObjectNode ordered(String resource, Map<String, Object> values) {
        Map<String, Object> inOrder = new LinkedHashMap<>();
        EdFiWriters.key(resource).fields().forEach(f -> {
            if (values.containsKey(f.name())) {
                inOrder.put(f.name(), values.get(f.name()));
            }
        });
        return EdFiNaturalKey.toJson(inOrder);
    }

    @GetMapping(path = ED_FI + "/{resource}/partitions", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, List<String>> partitions(@PathVariable String resource,
            @RequestParam MultiValueMap<String, String> params) {
        Resource source = EdFiItems.resource(resource);
        Query query = query(params);
        int number = (int) number(first(params, "number"), "number", 1, 1, 200);
        List<String> keys = source.items(districts.current(), null).filter(i -> !i.deleted() && query.inWindow(i))
                .map(Item::key).toList();
        List<String> tokens = new ArrayList<>();
        int parts = Math.max(1, Math.min(number, keys.size()));
        String after = null;
        for (int p = 1; p <= parts; p++) {
            String until = p == parts ? null : keys.get((int) ((long) keys.size() * p / parts) - 1);
            tokens.add(encodeToken(after, until));
            after = until;
        }
        return Map.of("pageTokens", tokens);
    }

    // ------------------------------------------------------------------ writes

    /** POST is an upsert by natural key: 201 + Location when new, 200 (same Location) when it updated an item. */
    @PostMapping(path = ED_FI + "/{resource}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> upsert(@PathVariable String resource, @RequestBody JsonNode body,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        EdFiWrites.Upserted result = writes.post(resource, body, ifMatch);
        return ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .location(URI.create(ED_FI + "/" + resource + "/" + result.item().id()))
                .eTag(Long.toString(result.item().changeVersion())).build();
    }

    /** PUT replaces by id: 204 + ETag; 412 on a stale If-Match; a changed natural key is a key change or a 400. */
    @PutMapping(path = ED_FI + "/{resource}/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> put(@PathVariable String resource, @PathVariable String id, @RequestBody JsonNode body,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        Item item = writes.put(resource, id, body, ifMatch);
        return ResponseEntity.noContent().eTag(Long.toString(item.changeVersion())).build();
    }

    /** DELETE: 204; the item leaves the resource and is listed under /deletes with the write's change version. */
    @DeleteMapping(path = ED_FI + "/{resource}/{id}")
    ResponseEntity<Void> delete(@PathVariable String resource, @PathVariable String id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        writes.delete(resource, id, ifMatch);
        return ResponseEntity.noContent().build();
    }

    // ------------------------------------------------------------------ machinery

    private Query query(MultiValueMap<String, String> params) {
        Map<String, String> filters = new TreeMap<>();
        params.forEach((name, values) -> {
            if (!PAGING.contains(name.toLowerCase()) && !values.isEmpty()) {
                filters.put(name, values.get(0));
            }
        });
        long offset = number(first(params, "offset"), "offset", 0, 0, Long.MAX_VALUE);
        int limit = (int) number(first(params, "limit"), "limit", settings.defaultLimit(), 0, settings.maxLimit());
        String pageSizeText = first(params, "pageSize");
        Integer pageSize = pageSizeText == null ? null
                : (int) number(pageSizeText, "pageSize", settings.defaultLimit(), 1, settings.maxLimit());
        String pageToken = first(params, "pageToken");
        if (pageToken != null && first(params, "offset") != null) {
            throw EdFiException.badRequest("offset cannot be combined with pageToken.");
        }
        long min = number(first(params, "minChangeVersion"), "minChangeVersion", 0, 0, Long.MAX_VALUE);
        long max = number(first(params, "maxChangeVersion"), "maxChangeVersion", Long.MAX_VALUE, 0, Long.MAX_VALUE);
        return new Query(offset, limit, "true".equalsIgnoreCase(first(params, "totalCount")), min, max, pageToken,
                pageSize, filters);
    }

    /** Parameter names are case-insensitive, as in the ODS/API ({@code MinChangeVersion} in the spec). */
    private static String first(MultiValueMap<String, String> params, String name) {
        return params.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
                .map(e -> e.getValue().get(0)).filter(v -> !v.isBlank()).findFirst().orElse(null);
    }

    private static long number(String text, String name, long fallback, long min, long max) {
        if (text == null) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text.trim());
            if (value < min || value > max) {
                throw EdFiException.badRequest(name + " must be between " + min + " and " + max + ".");
            }
            return value;
        } catch (NumberFormatException e) {
            throw EdFiException.badRequest(name + " must be an integer.");
        }
    }

    /** Query-by-example on the rendered body: a top-level value or one inside a reference object. */
    private static boolean matches(Item item, Map<String, String> filters) {
        if (filters.isEmpty()) {
            return true;
        }
        ObjectNode body = item.body().get();
        body.put("id", item.id());
        for (Map.Entry<String, String> filter : filters.entrySet()) {
            JsonNode direct = body.get(filter.getKey());
            boolean found = direct != null && direct.isValueNode() && direct.asString().equals(filter.getValue());
            if (!found) {
                found = body.valueStream().filter(JsonNode::isObject).map(ref -> ref.get(filter.getKey()))
                        .anyMatch(v -> v != null && v.isValueNode() && v.asString().equals(filter.getValue()));
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    private static ResponseEntity<ArrayNode> withTotal(ArrayNode body, Query query, long total) {
        ResponseEntity.BodyBuilder ok = ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON);
        if (query.totalCount()) {
            ok.header("Total-Count", Long.toString(total));
        }
        return ok.body(body);
    }

    static String encodeToken(String afterKey, String untilKey) {
        String raw = "v1\n" + (afterKey == null ? "" : afterKey) + "\n" + (untilKey == null ? "" : untilKey);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** @return {afterKey or null, untilKey or null} */
    static String[] decodeToken(String token) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\n", -1);
            if (parts.length != 3 || !parts[0].equals("v1")) {
                throw new IllegalArgumentException();
            }
            return new String[] { parts[1].isEmpty() ? null : parts[1], parts[2].isEmpty() ? null : parts[2] };
        } catch (IllegalArgumentException e) {
            throw EdFiException.badRequest("pageToken is not a token this server issued.");
        }
    }
}
