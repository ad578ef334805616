package io.rostersync.core.testsupport;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Points a Spring test at this JVM's one broker and one emulator:
 * {@code @DynamicPropertySource static void infra(DynamicPropertyRegistry r) { TestInfrastructure.register(r); }}
 */
public final class TestInfrastructure {

    private TestInfrastructure() {
    }

    public static void register(DynamicPropertyRegistry registry) {
        registry.add("rostersync.kafka.bootstrap-servers", KafkaBroker::bootstrapServers);
        registry.add("rostersync.firestore.emulator-host", () -> FirestoreEmulator.instance().hostPort());
        registry.add("rostersync.firestore.project-id", () -> FirestoreEmulator.PROJECT_ID);
    }

    /** Deletes every Firestore document; call it before each test. */
    public static void clearFirestore() {
        FirestoreEmulator.instance().clear();
    }
}
