package io.rostersync.simulator.edfi;

import static io.rostersync.simulator.edfi.EdFiNaturalKey.top;

import java.util.List;

import io.rostersync.simulator.district.EntityType;
import io.rostersync.simulator.district.RosterRecord;
import io.rostersync.simulator.district.RosterRecord.CodeValue;
import io.rostersync.simulator.edfi.EdFiResources.Item;

/**
 * Descriptor values written through Ed-Fi are Ed-Fi-only records that win over the built-in values with the same
 * namespace and code (a deleted built-in value is served as a delete). Values other resources reference are not
 * checked against them.
 */
final class DescriptorWriter implements EdFiWriter {

    private static final EdFiNaturalKey KEY = EdFiNaturalKey.of(top("codeValue"), top("namespace"));

    private final String resource;

    DescriptorWriter(String resource) {
        this.resource = resource;
    }

    @Override
    public List<String> required() {
        return List.of("codeValue", "namespace", "shortDescription");
    }

    @Override
    public EdFiNaturalKey key() {
        return KEY;
    }

    @Override
    public boolean keyChangesAllowed() {
        return false;
    }

    @Override
    public Write create(EdFiReferences refs, EdFiBody body) {
        return write(refs, body);
    }

    @Override
    public Write update(EdFiReferences refs, Item item, EdFiBody body) {
        return write(refs, body);
    }

    @Override
    public List<RosterRecord> delete(EdFiReferences refs, Item item) {
        String namespace = item.keyValues().get().get("namespace").asString();
        String code = item.keyValues().get().get("codeValue").asString();
        CodeValue current = refs.district().find(EntityType.DESCRIPTORS, sourcedId(namespace, code), CodeValue.class)
                .orElseGet(() -> new CodeValue(EdFiWriters.fresh(sourcedId(namespace, code), refs.district()),
                        resource, namespace, code, code, code));
        return List.of(EdFiWriters.deleted(current));
    }

    private Write write(EdFiReferences refs, EdFiBody body) {
        String namespace = body.requiredText("namespace");
        String code = body.requiredText("codeValue");
        String id = sourcedId(namespace, code);
        CodeValue value = new CodeValue(refs.district().find(EntityType.DESCRIPTORS, id)
                .map(existing -> EdFiWriters.revived(existing.meta())).orElseGet(() -> EdFiWriters.fresh(id,
                        refs.district())),
                resource, namespace, code, body.requiredText("shortDescription"), body.text("description"));
        return Write.of(EdFiDescriptors.key(namespace, code), value);
    }

    private String sourcedId(String namespace, String code) {
        return EdFiDescriptors.sourcedIdPrefix(resource) + EdFiDescriptors.key(namespace, code);
    }
}
