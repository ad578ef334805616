package io.rostersync.core.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.core.events.CloudEventHeaders;
import io.rostersync.core.events.EventCodec;
import io.rostersync.core.events.SisChangeEvent;
import io.rostersync.core.integrations.ConnectorType;
import io.rostersync.core.runs.Direction;
import io.rostersync.core.runs.RunStatus;
import io.rostersync.core.runs.RunType;
import io.rostersync.core.runs.SyncRun;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class CorrelationIdTest {

    private final EventCodec codec = new EventCodec("/rostersync/test");
    private final CorrelationRecordInterceptor<String, byte[]> interceptor = new CorrelationRecordInterceptor<>();

    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    @Test
    void aRecordEncodedInsideAScopeCarriesItsCorrelationIdAndOneOutsideCarriesNone() {
        ProducerRecord<String, byte[]> inside;
        try (CorrelationId.Scope scope = CorrelationId.open("evt-1")) {
            inside = codec.encode("t", "k", "e-1", null, change());
        }
        ProducerRecord<String, byte[]> outside = codec.encode("t", "k", "e-2", null, change());

        assertThat(CorrelationId.of(inside.headers())).isEqualTo("evt-1");
        assertThat(CorrelationId.of(outside.headers())).isNull();
    }

    @Test
    void aNestedScopeRestoresTheOuterIdAndABlankIdChangesNothing() {
        try (CorrelationId.Scope outer = CorrelationId.open("outer")) {
            try (CorrelationId.Scope inner = CorrelationId.open("inner")) {
                assertThat(CorrelationId.current()).isEqualTo("inner");
            }
            assertThat(CorrelationId.current()).isEqualTo("outer");
            try (CorrelationId.Scope blank = CorrelationId.open(" ")) {
                assertThat(CorrelationId.current()).isEqualTo("outer");
            }
            assertThat(CorrelationId.current()).isEqualTo("outer");
        }
        assertThat(CorrelationId.current()).isNull();
    }

    @Test
    void theInterceptorMakesAConsumedRecordsIdCurrentUntilTheRecordIsDone() {
        ConsumerRecord<String, byte[]> record = consumed(headers("ce_id", "event-9", CorrelationId.HEADER, "webhook-event-1"));

        interceptor.intercept(record, null);
        assertThat(CorrelationId.current()).isEqualTo("webhook-event-1");
        // What the listener publishes while handling it continues the chain.
        assertThat(CorrelationId.of(codec.encode("t", "k", "e", null, change()).headers())).isEqualTo("webhook-event-1");

        interceptor.afterRecord(record, null);
        assertThat(CorrelationId.current()).isNull();
    }

    @Test
    void aRecordWithoutACorrelationIdStartsAChainNamedAfterItsEventId() {
        try (CorrelationId.Scope leftOver = CorrelationId.open("previous-record")) {
            interceptor.intercept(consumed(headers(CloudEventHeaders.ID, "event-10")), null);
            assertThat(CorrelationId.current()).isEqualTo("event-10");
        }
    }

    @Test
    void anIdUnfitToLogIsNotTakenAndTheRecordsEventIdNamesTheChainInstead() {
        interceptor.intercept(consumed(headers(CloudEventHeaders.ID, "event-11", CorrelationId.HEADER, "x\nFAKE LOG LINE")), null);
        assertThat(CorrelationId.current()).isEqualTo("event-11");

        interceptor.intercept(consumed(headers(CloudEventHeaders.ID, "event-12", CorrelationId.HEADER, "a".repeat(CorrelationId.MAX_LENGTH + 1))), null);
        assertThat(CorrelationId.current()).isEqualTo("event-12");

        interceptor.intercept(consumed(headers(CloudEventHeaders.ID, "event-13", CorrelationId.HEADER, "full-resync:run-1")), null);
        assertThat(CorrelationId.current()).isEqualTo("full-resync:run-1");
    }

    @Test
    void aRunIsCorrelatedByItsTriggerIdAndWithoutOneByItsRunId() {
        assertThat(run("trigger-1").correlationId()).isEqualTo("trigger-1");
        assertThat(run(null).correlationId()).isEqualTo("run-1");
    }

    private static SyncRun run(String triggerId) {
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        return new SyncRun("run-1", "i-1", RunType.WEBHOOK, Direction.PULL, null, RunStatus.QUEUED, null, null, null, null,
                now, null, null, now, null, 1, "webhook:msg_1", triggerId);
    }

    private static SisChangeEvent change() {
        return new SisChangeEvent("msg_1", ConnectorType.ONEROSTER, "i-1", null, List.of(), null, Instant.parse("2026-11-23T10:00:00Z"));
    }

    private static RecordHeaders headers(String... namesAndValues) {
        RecordHeaders headers = new RecordHeaders();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.add(namesAndValues[i], namesAndValues[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return headers;
    }

    private static ConsumerRecord<String, byte[]> consumed(RecordHeaders headers) {
        return new ConsumerRecord<>("t", 0, 0L, 0L, TimestampType.CREATE_TIME, 0, 0, "k", new byte[0], headers, java.util.Optional.empty());
    }
}
