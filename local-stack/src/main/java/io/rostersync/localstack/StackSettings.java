package io.rostersync.localstack;

import java.util.EnumMap;
import java.util.Map;

/**
 * What the local stack needs to start: where Kafka and the Firestore emulator are, the port of each
 * service (0 for a free one), and the secrets it hands the services as configuration.
 *
 * @param sisClientSecret the client secret the simulator issues and the connector presents
 * @param demoWebhookSecret the Standard Webhooks secret ({@code whsec_...}) of the demo integration
 */
public record StackSettings(
        String kafkaBootstrapServers,
        String firestoreEmulatorHost,
        String firestoreProjectId,
        Map<Service, Integer> ports,
        String adminToken,
        String operatorToken,
        String viewerToken,
        String sisClientId,
        String sisClientSecret,
        String demoWebhookSecret,
        String demoIntegrationId,
        int simulatorStudents) {

    public StackSettings {
        Map<Service, Integer> all = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            all.put(service, service.defaultPort());
        }
        if (ports != null) {
            all.putAll(ports);
        }
        ports = Map.copyOf(all);
    }

    @Override
    public String toString() {
        return "StackSettings[kafka=" + kafkaBootstrapServers + ", firestore=" + firestoreEmulatorHost + ", ports=" + ports + "]";
    }
}
