package io.rostersync.simulator.edfi;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.springframework.stereotype.Component;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import io.rostersync.simulator.district.District;
import io.rostersync.simulator.district.Districts;
import io.rostersync.simulator.edfi.EdFiResources.Item;
import io.rostersync.simulator.edfi.EdFiResources.Resource;

/** Finds the items of the current district's Ed-Fi view and renders them. */
@Component
class EdFiItems {

    private final Districts districts;
    /** Ids seen in responses → order key, so GET/PUT/DELETE by id need not scan (ids are one-way hashes). */
    private final Map<String, String> keysById = new ConcurrentHashMap<>();

    EdFiItems(Districts districts) {
        this.districts = districts;
    }

    District district() {
        return districts.current();
    }

    /** A served resource; 404 problem for any other name. */
    static Resource resource(String name) {
        Resource resource = EdFiResources.RESOURCES.get(name);
        if (resource == null) {
            throw EdFiException.notFound("The resource '" + name + "' is not served; available: "
                    + String.join(", ", EdFiResources.RESOURCES.keySet()));
        }
        return resource;
    }

    /** An item as served: {@code id}, the resource's properties, {@code _etag}, {@code _lastModifiedDate}. */
    ObjectNode render(String resource, Item item) {
        keysById.put(resource + "/" + item.id(), item.key());
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", item.id());
        node.setAll(item.body().get());
        node.put("_etag", Long.toString(item.changeVersion()));
        node.put("_lastModifiedDate", item.lastModified().toString());
        return node;
    }

    /** A live item by id; 404 problem when unknown or deleted. */
    Item find(String resource, String id) {
        Resource source = resource(resource);
        District district = district();
        String key = keysById.get(resource + "/" + id);
        Stream<Item> candidates = key != null
                ? source.items(district, null).dropWhile(i -> i.key().compareTo(key) < 0).limit(1)
                : source.items(district, null);
        return candidates.filter(i -> i.id().equals(id) && !i.deleted()).findFirst()
                .or(() -> key == null ? Optional.empty()
                        : source.items(district, null).filter(i -> i.id().equals(id) && !i.deleted()).findFirst())
                .orElseThrow(() -> EdFiException.notFound(
                        "Resource " + resource + " with id '" + id + "' was not found."));
    }

    /** The item with this order key, deleted or not (it must exist). */
    Item item(String resource, String key) {
        return resource(resource).items(district(), null).dropWhile(i -> i.key().compareTo(key) < 0).limit(1)
                .filter(i -> i.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalStateException("No " + resource + " item " + key));
    }

    /** 412 problem unless {@code If-Match} is {@code *} or the item's current {@code _etag} (quotes and W/ allowed). */
    static void checkEtag(Item item, String ifMatch) {
        String wanted = ifMatch.trim();
        if (wanted.startsWith("W/")) {
            wanted = wanted.substring(2);
        }
        wanted = wanted.replace("\"", "");
        if (!wanted.equals("*") && !wanted.equals(Long.toString(item.changeVersion()))) {
            throw EdFiException.stale();
        }
    }
}
