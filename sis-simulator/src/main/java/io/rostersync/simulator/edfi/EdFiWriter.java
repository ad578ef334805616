package io.rostersync.simulator.edfi;

import java.util.List;

import io.rostersync.simulator.district.RosterRecord;
import io.rostersync.simulator.edfi.EdFiResources.Item;

/**
 * How writes to one Ed-Fi resource land in the district: which records an item is made of and what a body changes
 * in them. {@link EdFiWrites} runs the protocol (natural-key upsert, {@code If-Match}, key changes) for every resource.
 */
interface EdFiWriter {

    /**
     * The records a write stores, in order, and the key of the item they make up.
     *
     * @param itemKey the item's order key in its resource (see {@link EdFiIds})
     */
    record Write(String itemKey, List<RosterRecord> records) {

        public Write {
            records = List.copyOf(records);
        }

        static Write of(String itemKey, RosterRecord... records) {
            return new Write(itemKey, List.of(records));
        }
    }

    /** Top-level properties the DS 5.0 schema of the resource marks {@code required}. */
    List<String> required();

    EdFiNaturalKey key();

    /**
     * Whether PUT may change an item's natural key, as the ODS/API allows for a few resources (and then logs a key
     * change). Elsewhere a changed key is a 400 {@code key-change-not-supported}.
     */
    boolean keyChangesAllowed();

    /** A new item from a body whose key values no live item has. */
    Write create(EdFiReferences refs, EdFiBody body);

    /** The item replaced by the body; its key values differ from the item's only when key changes are allowed. */
    Write update(EdFiReferences refs, Item item, EdFiBody body);

    /** Records that, once stored, make the item a delete. */
    List<RosterRecord> delete(EdFiReferences refs, Item item);
}
