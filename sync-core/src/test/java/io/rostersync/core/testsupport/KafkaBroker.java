package io.rostersync.core.testsupport;

import java.lang.reflect.Method;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One Kafka broker per test JVM: Testcontainers' {@code apache/kafka} when a Docker engine answers,
 * else spring-kafka-test's embedded KRaft broker. Started on first use, stopped when the JVM exits.
 */
public final class KafkaBroker {

    private static volatile String bootstrapServers;

    private KafkaBroker() {
    }

    public static String bootstrapServers() {
        if (bootstrapServers == null) {
            synchronized (KafkaBroker.class) {
                if (bootstrapServers == null) {
                    bootstrapServers = start();
                }
            }
        }
        return bootstrapServers;
    }

    private static String start() {
        String fromContainer = ContainerKafka.startIfDockerAvailable();
        if (fromContainer != null) {
            return fromContainer;
        }
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3);
        broker.brokerProperties(java.util.Map.of(
                "auto.create.topics.enable", "true",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "offsets.topic.replication.factor", "1",
                "group.initial.rebalance.delay.ms", "0"));
        broker.afterPropertiesSet();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "kafka-broker-stop"));
        return broker.getBrokersAsString();
    }

    /** Kept apart so the Testcontainers classes load only where a container may run. */
    private static final class ContainerKafka {
        static String startIfDockerAvailable() {
            if (!Boolean.parseBoolean(System.getProperty("rostersync.test.docker", "true"))) {
                return null;
            }
            try {
                Class<?> factory = Class.forName("org.testcontainers.DockerClientFactory");
                Object instance = factory.getMethod("instance").invoke(null);
                Method available = factory.getMethod("isDockerAvailable");
                if (!(Boolean) available.invoke(instance)) {
                    return null;
                }
                Class<?> containerType = Class.forName("org.testcontainers.kafka.KafkaContainer");
                Object container = containerType.getConstructor(String.class).newInstance("apache/kafka:4.1.1");
                containerType.getMethod("start").invoke(container);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        containerType.getMethod("stop").invoke(container);
                    } catch (ReflectiveOperationException ignored) {
                        // the JVM is exiting; Testcontainers' reaper removes the container anyway
                    }
                }, "kafka-container-stop"));
                return (String) containerType.getMethod("getBootstrapServers").invoke(container);
            } catch (ClassNotFoundException e) {
                return null;
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Docker is available but the Kafka container did not start", e);
            }
        }
    }
}
