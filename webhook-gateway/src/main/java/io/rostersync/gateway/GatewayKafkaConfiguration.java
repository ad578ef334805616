package io.rostersync.gateway;

import io.rostersync.core.events.EventCodec;
import io.rostersync.core.kafka.EventPublisher;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

/**
 * The gateway's publisher: a webhook sender is waiting, so the gateway gives up on Kafka after
 * {@code rostersync.gateway.publish-timeout} (and answers 503) instead of sync-core's 30 s. The producer's own limits are
 * shortened to match, so a record the gateway gave up on is also abandoned by the producer soon after instead of
 * being delivered long after the sender was told to retry. sync-core's producer factory sets these timeouts itself
 * (so {@code rostersync.kafka.properties} cannot override them, and would reach consumers and the admin client too);
 * they are updated here, before the first send creates the producer.
 */
@Configuration(proxyBeanMethods = false)
class GatewayKafkaConfiguration {

    @Bean
    @Primary
    EventPublisher webhookEventPublisher(KafkaTemplate<String, byte[]> template, ProducerFactory<String, byte[]> producerFactory,
                                         EventCodec codec, GatewaySettings settings) {
        if (producerFactory instanceof DefaultKafkaProducerFactory<String, byte[]> factory) {
            factory.updateConfigs(producerUpdates(factory.getConfigurationProperties(), settings));
        }
        return new EventPublisher(template, codec, settings.publishTimeout());
    }

    /** The gateway's linger, then the timeouts that follow from it and from the publish timeout. */
    static Map<String, Object> producerUpdates(Map<String, Object> current, GatewaySettings settings) {
        Map<String, Object> updates = new HashMap<>();
        updates.put(ProducerConfig.LINGER_MS_CONFIG, (int) settings.producerLinger().toMillis());
        Map<String, Object> config = new HashMap<>(current);
        config.putAll(updates);
        updates.putAll(producerTimeouts(config, settings.publishTimeout().toMillis()));
        return updates;
    }

    /**
     * {@code max.block.ms} and {@code delivery.timeout.ms} equal to the publish timeout; {@code request.timeout.ms}
     * lowered where needed, because Kafka requires {@code delivery.timeout.ms >= linger.ms + request.timeout.ms}.
     */
    static Map<String, Object> producerTimeouts(Map<String, Object> current, long publishTimeoutMs) {
        long linger = number(current.get(ProducerConfig.LINGER_MS_CONFIG), 5);
        long request = Math.min(number(current.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG), 30_000), publishTimeoutMs - linger);
        Map<String, Object> updates = new HashMap<>();
        updates.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, publishTimeoutMs);
        updates.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) publishTimeoutMs);
        updates.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1, request));
        return updates;
    }

    private static long number(Object value, long otherwise) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        return value == null ? otherwise : Long.parseLong(value.toString().trim());
    }
}
