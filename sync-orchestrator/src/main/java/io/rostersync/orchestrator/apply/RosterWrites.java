package io.rostersync.orchestrator.apply;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.Transaction;
import java.util.Map;

/** Where the apply stage's roster writes go: into the transaction, or nowhere when a batch is only being staged. */
interface RosterWrites {

    RosterWrites NONE = new RosterWrites() {
        @Override
        public void set(DocumentReference ref, Map<String, Object> doc) {
        }

        @Override
        public void update(DocumentReference ref, Map<String, Object> fields) {
        }
    };

    void set(DocumentReference ref, Map<String, Object> doc);

    void update(DocumentReference ref, Map<String, Object> fields);

    static RosterWrites to(Transaction tx) {
        return new RosterWrites() {
            @Override
            public void set(DocumentReference ref, Map<String, Object> doc) {
                tx.set(ref, doc);
            }

            @Override
            public void update(DocumentReference ref, Map<String, Object> fields) {
                tx.update(ref, fields);
            }
        };
    }
}
