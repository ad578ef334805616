package io.rostersync.simulator.edfi;

import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;

import io.rostersync.simulator.district.District;
import io.rostersync.simulator.district.Districts;
import io.rostersync.simulator.edfi.EdFiResources.Item;

/**
 * The ODS/API write protocol, the same for every resource: POST upserts by natural key, PUT replaces by id (a
 * changed natural key is a key change where the resource allows one, else 400), DELETE makes the item a delete;
 * {@code If-Match} must name the current {@code _etag}. What a body means for the district is each resource's
 * {@link EdFiWriter}.
 * <p>
 * Writes go through {@link Districts#store}, so each takes the next change versions, a new modification time and a
 * webhook, like every other write. They are serialised so two POSTs of one new key cannot both create it.
 */
@Component
class EdFiWrites {

    /** The outcome of a POST: the item as stored and whether it was new. */
    record Upserted(Item item, boolean created) {
    }

    private final Districts districts;
    private final EdFiItems items;

    EdFiWrites(Districts districts, EdFiItems items) {
        this.districts = districts;
        this.items = items;
    }

    synchronized Upserted post(String resource, JsonNode json, String ifMatch) {
        EdFiItems.resource(resource);
        EdFiWriter writer = EdFiWriters.of(resource);
        if (json != null && json.has("id")) {
            throw EdFiException.badRequest("Resource identifiers cannot be assigned by the client; remove 'id'.");
        }
        EdFiBody body = EdFiBody.of(json, writer.required());
        EdFiReferences refs = new EdFiReferences(districts.current());
        Optional<Item> existing = refs.live(resource, writer.key().of(json));
        if (existing.isPresent() && ifMatch != null) {
            EdFiItems.checkEtag(existing.get(), ifMatch);
        }
        EdFiWriter.Write write = existing.isPresent() ? writer.update(refs, existing.get(), body)
                : writer.create(refs, body);
        districts.store(write.records(), null);
        return new Upserted(items.item(resource, write.itemKey()), existing.isEmpty());
    }

    /** A PUT; the body's {@code id}, if any, is ignored (the path names the item). */
    synchronized Item put(String resource, String id, JsonNode json, String ifMatch) {
        EdFiWriter writer = EdFiWriters.of(resource);
        Item item = items.find(resource, id);
        if (ifMatch != null) {
            EdFiItems.checkEtag(item, ifMatch);
        }
        EdFiBody body = EdFiBody.of(json, writer.required());
        EdFiReferences refs = new EdFiReferences(districts.current());
        Map<String, Object> before = writer.key().of(item.keyValues().get());
        Map<String, Object> after = writer.key().of(json);
        District.KeyChange keyChange = null;
        if (!EdFiNaturalKey.same(before, after)) {
            if (!writer.keyChangesAllowed()) {
                throw EdFiException.keyChangeNotSupported(EdFiWriters.typeName(resource));
            }
            if (refs.live(resource, after).isPresent()) {
                throw EdFiException.conflict("Another " + EdFiWriters.typeName(resource)
                        + " already has these identifying values.");
            }
            keyChange = new District.KeyChange(resource, item.key(), 0, before, after);
        }
        districts.store(writer.update(refs, item, body).records(), keyChange);
        return items.item(resource, item.key());
    }

    synchronized void delete(String resource, String id, String ifMatch) {
        EdFiWriter writer = EdFiWriters.of(resource);
        Item item = items.find(resource, id);
        if (ifMatch != null) {
            EdFiItems.checkEtag(item, ifMatch);
        }
        districts.store(writer.delete(new EdFiReferences(districts.current()), item), null);
    }
}
