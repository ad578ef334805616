package io.rostersync.core.events;

import io.rostersync.core.integrations.ConnectorType;
import io.rostersync.core.roster.EntityType;
import io.rostersync.core.roster.RecordStatus;
import io.rostersync.core.roster.RosterRecord;
import io.rostersync.core.runs.Direction;
import io.rostersync.core.runs.RunType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One representative instance of every event, the source of the golden JSON files. */
final class EventSamples {

    static final Instant T = Instant.parse("2026-11-23T08:52:00.123Z");
    static final ConnectionSettings CONNECTION = new ConnectionSettings("http://127.0.0.1:8095/ims/oneroster/rostering/v1p2",
            "http://127.0.0.1:8095/oauth2/token", "1.2", "rostersync-demo", "env:SIS_CLIENT_SECRET",
            List.of("https://purl.imsglobal.org/spec/or/v1p2/scope/roster-core.readonly"));

    private EventSamples() {
    }

    static Map<EventType, RosterEvent> all() {
        Map<EventType, RosterEvent> samples = new LinkedHashMap<>();
        samples.put(EventType.SIS_CHANGE, new SisChangeEvent("msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", ConnectorType.ONEROSTER,
                "demo-oneroster", EntityType.USERS, List.of("usr-000001", "usr-000002"), "updated", T));
        samples.put(EventType.SYNC_REQUESTED, new SyncRequested("demo-oneroster", RunType.MANUAL, Direction.PULL,
                List.of(EntityType.USERS), "admin", T, PullMode.FULL));
        samples.put(EventType.PULL_COMMAND, new PullCommand("run-1", "demo-oneroster", CONNECTION, PullMode.INCREMENTAL,
                List.of(EntityType.USERS, EntityType.ENROLLMENTS), Map.of(EntityType.USERS, "2026-11-23T08:00:00.000Z"),
                Map.of(EntityType.USERS, List.of("usr-000001"))));
        samples.put(EventType.PUSH_COMMAND, new PushCommand("run-2", "demo-edfi", CONNECTION, List.of(new OutboxChange("chg-1",
                EntityType.USERS, "usr-000001", "\"5250549279059739525\"", Map.of("givenName", "Ana"), T))));
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("givenName", "Ana");
        attributes.put("familyName", "Lopez");
        attributes.put("enabledUser", "true");
        attributes.put("middleName", null);
        attributes.put("roles", List.of(Map.of("roleType", "primary", "role", "student",
                "org", Map.of("sourcedId", "org-school-01", "type", "org"))));
        samples.put(EventType.RECORD_BATCH, new RecordBatch("run-1", "demo-oneroster", 1, EntityType.USERS,
                List.of(new RosterRecord(EntityType.USERS, "usr-000001", RecordStatus.ACTIVE, T, null, attributes)),
                List.of("usr-000099"), 1));
        samples.put(EventType.PULL_COMPLETED, new PullCompleted("run-1", "demo-oneroster", 3,
                Map.of(EntityType.USERS, "2026-11-23T08:52:00.123Z"), List.of(EntityType.USERS), 2,
                Map.of(EntityType.ENROLLMENTS, "OneRoster GET /enrollments answered 500 three times")));
        samples.put(EventType.PULL_FAILED, new PullFailed("run-1", "demo-oneroster",
                "OneRoster token endpoint answered 401 invalid_client", "auth", 0));
        samples.put(EventType.PUSH_RESULT, new PushResult("run-2", "demo-edfi", List.of(
                new PushResult.ChangeOutcome("chg-1", "usr-000001", PushResult.Status.APPLIED, "\"42\"", null, null),
                new PushResult.ChangeOutcome("chg-2", "usr-000002", PushResult.Status.CONFLICT, null,
                        Map.of("givenName", "Anna"), "412 Precondition Failed"))));
        samples.put(EventType.CONFLICT_DETECTED, new ConflictDetected("cf-3b1d", "demo-oneroster", EntityType.USERS, "usr-000001",
                "run-1", Map.of("givenName", "Ana"), Map.of("givenName", "Ann"), Map.of("givenName", "Anna"),
                List.of("givenName"), T));
        samples.put(EventType.CONFLICT_RESOLVED, new ConflictResolved("cf-3b1d", "demo-oneroster", EntityType.USERS, "usr-000001",
                "keep-remote", Map.of("givenName", "Anna"), "operator@district", T));
        return samples;
    }
}
