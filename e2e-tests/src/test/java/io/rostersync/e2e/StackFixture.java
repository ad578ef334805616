package io.rostersync.e2e;

import io.rostersync.core.testsupport.FirestoreEmulator;
import io.rostersync.core.testsupport.KafkaBroker;
import io.rostersync.localstack.LocalStack;
import io.rostersync.localstack.Service;
import io.rostersync.localstack.StackSettings;
import java.util.EnumMap;
import java.util.Map;

/** The whole stack, once per test JVM, on free ports against this JVM's broker and emulator. */
public final class StackFixture {

    static final String ADMIN = "e2e-admin-token-0123456789";
    static final String OPERATOR = "e2e-operator-token-0123456789";
    static final String VIEWER = "e2e-viewer-token-0123456789";
    static final String WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String INTEGRATION = "demo-oneroster";
    private static volatile LocalStack stack;

    private StackFixture() {
    }

    public static LocalStack stack() {
        if (stack == null) {
            synchronized (StackFixture.class) {
                if (stack == null) {
                    Map<Service, Integer> ports = new EnumMap<>(Service.class);
                    for (Service service : Service.values()) {
                        ports.put(service, 0);
                    }
                    stack = LocalStack.start(new StackSettings(KafkaBroker.bootstrapServers(), FirestoreEmulator.instance().hostPort(),
                            FirestoreEmulator.PROJECT_ID, ports, ADMIN, OPERATOR, VIEWER, "rostersync-demo", "e2e-sis-secret-42",
                            WEBHOOK_SECRET, INTEGRATION, 200));
                    Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "stack-stop"));
                }
            }
        }
        return stack;
    }
}
