package io.rostersync.core.events;

import io.rostersync.core.correlation.CorrelationId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * CloudEvents 1.0 Kafka binary mode: context attributes in {@code ce_*} headers, the record as JSON value, and the
 * current {@link CorrelationId} as the extension attribute {@code correlationid}.
 * Unknown JSON fields are ignored so that producers can add fields within a major version.
 */
public final class EventCodec {

    public static final String SPEC_VERSION = "1.0";
    private static final String CONTENT_TYPE = "application/json";

    private final JsonMapper json;
    private final String source;

    /**
     * @param source the CloudEvents {@code source} of events this service produces, e.g. {@code /rostersync/webhook-gateway}
     */
    public EventCodec(String source) {
        this(source, defaultMapper());
    }

    public EventCodec(String source, JsonMapper json) {
        this.source = source;
        this.json = json;
    }

    public static JsonMapper defaultMapper() {
        return JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(SerializationFeature.INDENT_OUTPUT)
                .build();
    }

    public JsonMapper json() {
        return json;
    }

    /** A record with a fresh event id. */
    public ProducerRecord<String, byte[]> encode(String topic, String key, String subject, RosterEvent event) {
        return encode(topic, key, UUID.randomUUID().toString(), subject, event);
    }

    /** A record with a caller-chosen event id: use a deterministic one where a retry must not duplicate. */
    public ProducerRecord<String, byte[]> encode(String topic, String key, String eventId, String subject, RosterEvent event) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, json.writeValueAsBytes(event));
        Headers headers = record.headers();
        headers.add(CloudEventHeaders.SPEC_VERSION, utf8(SPEC_VERSION));
        headers.add(CloudEventHeaders.ID, utf8(eventId));
        headers.add(CloudEventHeaders.TYPE, utf8(EventType.of(event).ceType()));
        headers.add(CloudEventHeaders.SOURCE, utf8(source));
        headers.add(CloudEventHeaders.TIME, utf8(Instant.now().toString()));
        headers.add(CloudEventHeaders.CONTENT_TYPE, utf8(CONTENT_TYPE));
        if (subject != null) {
            headers.add(CloudEventHeaders.SUBJECT, utf8(subject));
        }
        // The id of the work that caused this event travels with it (CloudEvents extension attribute correlationid).
        CorrelationId.stamp(headers);
        return record;
    }

    /**
     * @throws UnsupportedEventException when the envelope is incomplete, the type unknown or the data unreadable
     */
    public Envelope<RosterEvent> decode(ConsumerRecord<String, byte[]> record) {
        Headers headers = record.headers();
        String id = required(headers, CloudEventHeaders.ID);
        EventType type = EventType.parse(header(headers, CloudEventHeaders.TYPE));
        String src = required(headers, CloudEventHeaders.SOURCE);
        String timeText = header(headers, CloudEventHeaders.TIME);
        Instant time;
        try {
            time = timeText == null ? null : Instant.parse(timeText);
        } catch (DateTimeParseException e) {
            throw new UnsupportedEventException("ce_time '" + timeText + "' is not an RFC 3339 timestamp", e);
        }
        if (record.value() == null) {
            throw new UnsupportedEventException("event " + id + " of type " + type.ceType() + " has no data");
        }
        RosterEvent data;
        try {
            data = json.readValue(record.value(), type.payload());
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            throw new UnsupportedEventException("data of event " + id + " is not a valid " + type.ceType() + ": " + e.getMessage(), e);
        }
        return new Envelope<>(id, type, src, time, header(headers, CloudEventHeaders.SUBJECT), data);
    }

    /** Decodes and checks the data is one of the messages the topic carries. */
    public <T extends RosterEvent> Envelope<T> decode(ConsumerRecord<String, byte[]> record, Class<T> expected) {
        Envelope<RosterEvent> envelope = decode(record);
        if (!expected.isInstance(envelope.data())) {
            throw new UnsupportedEventException("event " + envelope.id() + " of type " + envelope.type().ceType()
                    + " does not belong on topic " + record.topic());
        }
        @SuppressWarnings("unchecked")
        Envelope<T> typed = (Envelope<T>) envelope;
        return typed;
    }

    public static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String required(Headers headers, String name) {
        String value = header(headers, name);
        if (value == null || value.isBlank()) {
            throw new UnsupportedEventException("missing CloudEvents header " + name);
        }
        return value;
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
