package io.rostersync.core.firestore;

import com.google.cloud.firestore.Firestore;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** Up when a one-document read of Firestore answers within two seconds. */
class FirestoreHealthIndicator extends AbstractHealthIndicator {

    private final Firestore firestore;

    FirestoreHealthIndicator(Firestore firestore) {
        super("Firestore is unreachable");
        this.firestore = firestore;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        firestore.collection("integrations").limit(1).get().get(2, TimeUnit.SECONDS);
        builder.up().withDetail("projectId", firestore.getOptions().getProjectId());
    }
}
