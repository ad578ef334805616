package io.rostersync.core.kafka;

import io.rostersync.core.correlation.CorrelationRecordInterceptor;
import io.rostersync.core.events.EventCodec;
import io.rostersync.core.events.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Kafka for every service: CloudEvents codec, an idempotent {@code acks=all} producer, consumers that
 * start from the earliest offset for a new group, topics with their DLTs, and the one error policy:
 * bounded retries with backoff for transient failures, straight to {@code <topic>.DLT} for the rest.
 */
@Configuration(proxyBeanMethods = false)
@EnableKafka
@EnableConfigurationProperties(KafkaSettings.class)
public class KafkaEventsConfiguration {

    /** Deliveries of the record before it was dead-lettered, as decimal text. */
    public static final String ATTEMPTS_HEADER = "rostersync-dlt-attempts";
    /** When the consumer gave up on the record, ISO-8601 text. */
    public static final String FAILED_AT_HEADER = "rostersync-dlt-failed-at";

    @Bean
    EventCodec eventCodec(@Value("${spring.application.name:rostersync}") String applicationName) {
        return new EventCodec("/rostersync/" + applicationName);
    }

    @Bean
    ProducerFactory<String, byte[]> producerFactory(KafkaSettings settings) {
        Map<String, Object> config = common(settings);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        settings.properties().forEach(config::putIfAbsent);
        return new DefaultKafkaProducerFactory<>(config);
    }

    @Bean
    KafkaTemplate<String, byte[]> kafkaTemplate(ProducerFactory<String, byte[]> producerFactory) {
        return new KafkaTemplate<>(producerFactory);
    }

    @Bean
    EventPublisher eventPublisher(KafkaTemplate<String, byte[]> template, EventCodec codec) {
        return new EventPublisher(template, codec);
    }

    @Bean
    ConsumerFactory<String, byte[]> consumerFactory(KafkaSettings settings) {
        Map<String, Object> config = common(settings);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        // A group that starts after events were published (a fresh deployment, a test) must still see them.
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.properties().forEach(config::putIfAbsent);
        return new DefaultKafkaConsumerFactory<>(config);
    }

    /** Sends a record to {@code <topic>.DLT} with the failure headers; also for code that gives up on its own. */
    @Bean
    DeadLetterPublishingRecoverer deadLetterRecoverer(KafkaTemplate<String, byte[]> template, KafkaSettings settings) {
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(template,
                (record, exception) -> new TopicPartition(Topics.deadLetterOf(record.topic()), -1));
        // Spring Kafka already adds exception class/message/stack trace, original topic/partition/offset/timestamp
        // and consumer group; we add how many deliveries were made and when the consumer gave up.
        recoverer.setHeadersFunction((record, exception) -> failureHeaders(record, exception, settings.retryAttempts()));
        return recoverer;
    }

    @Bean
    DefaultErrorHandler kafkaErrorHandler(DeadLetterPublishingRecoverer recoverer, KafkaSettings settings) {
        ExponentialBackOff backOff = new ExponentialBackOff(settings.retryBackoff().toMillis(), 2.0);
        backOff.setMaxAttempts(settings.retryAttempts() - 1);
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        ErrorClassifier.permanentExceptions().forEach(handler::addNotRetryableExceptions);
        return handler;
    }

    @Bean
    ConcurrentKafkaListenerContainerFactory<String, byte[]> kafkaListenerContainerFactory(
            ConsumerFactory<String, byte[]> consumerFactory, DefaultErrorHandler errorHandler) {
        ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(consumerFactory);
        factory.setCommonErrorHandler(errorHandler);
        // Adds kafka_deliveryAttempt to each delivery; the DLT record carries it on (the handler tracks attempts).
        factory.getContainerProperties().setDeliveryAttemptHeader(true);
        factory.setRecordInterceptor(new CorrelationRecordInterceptor<>());
        return factory;
    }

    @Bean
    KafkaAdmin kafkaAdmin(KafkaSettings settings) {
        Map<String, Object> config = new HashMap<>(common(settings));
        settings.properties().forEach(config::putIfAbsent);
        KafkaAdmin admin = new KafkaAdmin(config);
        admin.setFatalIfBrokerNotAvailable(false);
        admin.setModifyTopicConfigs(false);
        return admin;
    }

    /** Every topic of the architecture and its DLT, so no service depends on broker auto-creation. */
    @Bean
    KafkaAdmin.NewTopics rosterSyncTopics(KafkaSettings settings) {
        List<NewTopic> topics = new ArrayList<>();
        for (String topic : Topics.consumed()) {
            topics.add(new NewTopic(topic, settings.partitions(), settings.replicationFactor()));
            topics.add(new NewTopic(Topics.deadLetterOf(topic), settings.partitions(), settings.replicationFactor()));
        }
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }

    @Bean
    KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin admin) {
        return new KafkaHealthIndicator(admin);
    }

    /**
     * {@link #ATTEMPTS_HEADER}: deliveries made before giving up, from the container's delivery-attempt header when
     * present, else what the policy implies (1 for a permanent failure, all configured attempts otherwise);
     * {@link #FAILED_AT_HEADER}: when the consumer gave up (ISO-8601). Both UTF-8 text.
     */
    static org.apache.kafka.common.header.Headers failureHeaders(org.apache.kafka.clients.consumer.ConsumerRecord<?, ?> record,
                                                                 Exception exception, int retryAttempts) {
        int attempts = ErrorClassifier.isPermanent(exception) ? 1 : retryAttempts;
        org.apache.kafka.common.header.Header delivery = record.headers().lastHeader(
                org.springframework.kafka.support.KafkaHeaders.DELIVERY_ATTEMPT);
        if (delivery != null && delivery.value() != null && delivery.value().length == Integer.BYTES) {
            attempts = java.nio.ByteBuffer.wrap(delivery.value()).getInt();
        }
        org.apache.kafka.common.header.internals.RecordHeaders headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        headers.add(ATTEMPTS_HEADER, Integer.toString(attempts).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        headers.add(FAILED_AT_HEADER, java.time.Instant.now().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        // Spring's own headers describe the container's wrapper (whose consumer-group header we keep); the reason an
        // operator needs is the listener's own exception message.
        String reason = String.valueOf(unwrap(exception).getMessage());
        headers.add(REASON_HEADER, reason.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return headers;
    }

    /** Why the consumer gave up, in its own words (the listener's exception message, unwrapped). */
    public static final String REASON_HEADER = "rostersync-dlt-reason";

    static Exception unwrap(Exception exception) {
        Exception current = exception;
        while (current instanceof ListenerExecutionFailedException && current.getCause() instanceof Exception cause) {
            current = cause;
        }
        return current;
    }

    private static Map<String, Object> common(KafkaSettings settings) {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return config;
    }
}
