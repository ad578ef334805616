package io.rostersync.gateway.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.core.roster.EntityType;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookPayloadTest {

    @Test
    void theDocumentedShapeIsRead() {
        WebhookPayload payload = parse("{\"entityType\":\"users\",\"ids\":[\"usr-1\",\"usr-2\"],\"changeKind\":\"updated\",\"extra\":1}");

        assertThat(payload).isEqualTo(new WebhookPayload(EntityType.USERS, List.of("usr-1", "usr-2"), "updated"));
    }

    @Test
    void everyFieldIsOptional() {
        assertThat(parse("{}")).isEqualTo(new WebhookPayload(null, List.of(), null));
        assertThat(parse("{\"entityType\":null,\"ids\":null}")).isEqualTo(new WebhookPayload(null, List.of(), null));
    }

    @Test
    void bodiesThatAreNotAJsonObjectAreRefused() {
        for (String body : List.of("", "not json", "[1,2]", "\"users\"", "{\"ids\":[]} trailing", "{\"a\":1,\"a\":2}", "{\"ids\":[")) {
            assertThatThrownBy(() -> parse(body)).as(body)
                    .isInstanceOfSatisfying(WebhookRejectedException.class, e -> assertThat(e.status().value()).isEqualTo(400));
        }
    }

    @Test
    void anEntityTypeMustBeACanonicalCollectionName() {
        assertThatThrownBy(() -> parse("{\"entityType\":\"students\"}"))
                .isInstanceOf(WebhookRejectedException.class)
                .hasMessageContaining("'students' is not a canonical collection name")
                .hasMessageContaining("academicSessions");
    }

    @Test
    void idsMustBeStrings() {
        assertThatThrownBy(() -> parse("{\"ids\":[\"usr-1\",2]}")).hasMessageContaining("ids[1]");
        assertThatThrownBy(() -> parse("{\"ids\":\"usr-1\"}")).hasMessageContaining("array of strings");
        assertThatThrownBy(() -> parse("{\"changeKind\":7}")).hasMessageContaining("changeKind");
    }

    @Test
    void atMostAThousandIdsAreAccepted() {
        assertThat(parse(idsBody(1000)).ids()).hasSize(1000);
        assertThatThrownBy(() -> parse(idsBody(1001))).hasMessageContaining("1001").hasMessageContaining("at most 1000");
    }

    @Test
    void theSimulatorsTypedEnvelopeIsRead() {
        assertThat(parse("{\"type\":\"users.updated\",\"data\":{\"entityType\":\"users\",\"sourcedIds\":[\"usr-1\",\"usr-2\"]},\"id\":\"x\"}"))
                .isEqualTo(new WebhookPayload(EntityType.USERS, List.of("usr-1", "usr-2"), "updated"));
        assertThat(parse("{\"type\":\"academicSessions.deleted\"}"))
                .isEqualTo(new WebhookPayload(EntityType.ACADEMIC_SESSIONS, List.of(), "deleted"));
        assertThat(parse("{\"data\":{\"entityType\":\"classes\"}}"))
                .isEqualTo(new WebhookPayload(EntityType.CLASSES, List.of(), null));
        assertThat(parse("{\"type\":\"enrollments.created\",\"data\":{\"sourcedIds\":[\"enr-1\"]}}"))
                .isEqualTo(new WebhookPayload(EntityType.ENROLLMENTS, List.of("enr-1"), "created"));
    }

    @Test
    void aTypedEnvelopeThatContradictsItselfOrIsMalformedIsRefused() {
        assertThatThrownBy(() -> parse("{\"type\":\"users.updated\",\"data\":{\"entityType\":\"classes\"}}"))
                .hasMessageContaining("type names users but data.entityType names classes");
        assertThatThrownBy(() -> parse("{\"type\":\"users\"}")).hasMessageContaining("<entityType>.<changeKind>");
        assertThatThrownBy(() -> parse("{\"type\":\"students.updated\"}")).hasMessageContaining("'students'");
        assertThatThrownBy(() -> parse("{\"type\":\"users.updated\",\"data\":[1]}")).hasMessageContaining("data must be an object");
        assertThatThrownBy(() -> parse("{\"data\":{\"sourcedIds\":[\"\"]}}")).hasMessageContaining("data.sourcedIds[0]");
    }

    private static String idsBody(int count) {
        return "{\"ids\":[" + String.join(",", Collections.nCopies(count, "\"usr-1\"")) + "]}";
    }

    private static WebhookPayload parse(String body) {
        return WebhookPayload.parse(body.getBytes(StandardCharsets.UTF_8));
    }
}
