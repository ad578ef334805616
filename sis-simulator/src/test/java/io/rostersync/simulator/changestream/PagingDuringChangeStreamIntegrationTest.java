package io.rostersync.simulator.changestream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;

import tools.jackson.databind.JsonNode;

import io.rostersync.simulator.SimulatorIntegrationTest;
import io.rostersync.simulator.auth.AccessTokens;
import io.rostersync.simulator.district.DistrictSize;
import io.rostersync.simulator.district.EntityType;
import io.rostersync.simulator.district.RosterRecord;
import io.rostersync.simulator.edfi.EdFiIds;

/**
 * The paging guarantees the README documents, checked while the admin change stream creates, updates and deletes
 * users at its highest rate: OneRoster offset paging returns every user present at the start exactly once and nothing
 * twice; an Ed-Fi {@code pageToken} walk in a fixed change-version window returns every student unchanged during the
 * walk exactly once, nothing outside the window, and together with the next window (upserts and deletes) it gives
 * exactly the students there are.
 * <p>
 * 20,000 students and 2,000 teachers: the stream's new users sort between the administrators and the teachers, so
 * under sourcedId order every creation would shift the teachers' pages. After each page the walk waits until the
 * stream has applied a few more changes, so pages and changes interleave however fast the machine is.
 */
class PagingDuringChangeStreamIntegrationTest extends SimulatorIntegrationTest {

    private static final Pattern NEXT = Pattern.compile("<[^>]*[?&]offset=(\\d+)[^>]*>; rel=\"next\"");
    private static final int STUDENTS = 20_000;
    private static final int PAGE = 200;
    private static final int CHANGES_PER_PAGE = 10;

    @Autowired
    AccessTokens accessTokens;

    @Autowired
    ChangeStreamSettings streamSettings;

    @Autowired
    ChangeStream stream;

    String edFiToken;

    @BeforeEach
    void largeDistrict() {
        districts.regenerate(new DistrictSize(settings.district().seed(), 4, STUDENTS, 2_000, 100, 20, 3, 2));
        accessTokens.revokeAll();
        edFiToken = edFiToken();
    }

    @Test
    void oneRosterOffsetPagingReturnsEveryUserOnceWhileUsersChange() {
        String token = allScopesToken();
        Set<String> atStart = userIds();
        startStream();

        List<String> seen = new ArrayList<>();
        long appliedBefore = applied();
        String offset = "0";
        int pages = 0;
        while (offset != null) {
            Reply page = get(BASE + "/users", token, "limit", Integer.toString(PAGE), "offset", offset, "fields",
                    "sourcedId");
            assertThat(page.status()).isEqualTo(200);
            page.json().get("users").forEach(u -> seen.add(u.get("sourcedId").asString()));
            pages++;
            Matcher next = NEXT.matcher(page.header(HttpHeaders.LINK));
            offset = next.find() ? next.group(1) : null;
            awaitMoreChanges();
        }
        long changesDuringWalk = applied() - appliedBefore;
        stopStream();

        Set<String> distinct = new HashSet<>(seen);
        Set<String> now = userIds();
        Set<String> createdDuringWalk = new HashSet<>(now);
        createdDuringWalk.removeAll(atStart);
        Set<String> missing = new HashSet<>(atStart);
        missing.removeAll(distinct);
        Set<String> createdSeen = new HashSet<>(distinct);
        createdSeen.retainAll(createdDuringWalk);
        System.out.printf("OneRoster users while streaming: %d pages, %d users seen, %d changes during the walk, "
                + "%d users created (%d of them seen)%n", pages, seen.size(), changesDuringWalk,
                createdDuringWalk.size(), createdSeen.size());

        assertThat(changesDuringWalk).as("the stream changed users during the walk")
                .isGreaterThanOrEqualTo((long) (pages - 1) * CHANGES_PER_PAGE);
        assertThat(createdDuringWalk).isNotEmpty();
        // (Plain set logic: AssertJ's collection assertions are quadratic on 20k items.)
        assertThat(seen.size() - distinct.size()).as("users returned twice").isZero();
        assertThat(missing).as("users present at the start and not returned").isEmpty();
        assertThat(now.containsAll(distinct)).as("only users of the district").isTrue();
        assertThat(createdSeen).as("users created during the walk come at the end").isNotEmpty();
    }

    @Test
    void edFiPageTokenWalkInAFixedWindowIsExactWhileStudentsChange() {
        startStream();
        long max = newestChangeVersion(edFiToken);
        // Read after max, so it holds every student that existed at max (and perhaps a few created just after).
        Set<String> existingAtMax = districts.current().all(EntityType.USERS)
                .map(r -> EdFiIds.resourceId("students", r.sourcedId())).collect(Collectors.toSet());

        List<String> seen = new ArrayList<>();
        long appliedBefore = applied();
        int pages = 0;
        String pageToken = "djEKCg"; // after = start, until = end
        while (pageToken != null) {
            Reply page = get("/data/v3/ed-fi/students", edFiToken, "pageToken", pageToken, "pageSize",
                    Integer.toString(PAGE), "maxChangeVersion", Long.toString(max));
            assertThat(page.status()).isEqualTo(200);
            for (JsonNode student : page.json()) {
                assertThat(student.get("_etag").asLong()).as("inside the window").isLessThanOrEqualTo(max);
                seen.add(student.get("id").asString());
            }
            pageToken = page.header("Next-Page-Token");
            pages++;
            awaitMoreChanges();
        }
        long changesDuringWalk = applied() - appliedBefore;
        stopStream();
        await().atMost(Duration.ofSeconds(10)).until(() -> !status().get("running").asBoolean());

        Set<String> distinct = new HashSet<>(seen);
        // Students whose item is still in the window and live were not changed after max: each must be there once.
        Set<String> unchanged = studentItems(max);
        Set<String> missing = new HashSet<>(unchanged);
        missing.removeAll(distinct);
        System.out.printf("Ed-Fi students while streaming: %d seen in window ..%d, %d changes during the walk, "
                + "%d students unchanged%n", seen.size(), max, changesDuringWalk, unchanged.size());

        assertThat(changesDuringWalk).as("the stream changed users during the walk")
                .isGreaterThanOrEqualTo((long) (pages - 1) * CHANGES_PER_PAGE);
        assertThat(unchanged.size()).isLessThan(STUDENTS);
        assertThat(seen.size() - distinct.size()).as("students returned twice").isZero();
        assertThat(missing).as("unchanged students not returned").isEmpty();
        assertThat(existingAtMax.containsAll(distinct)).as("no student created after max").isTrue();

        // The next window (max + 1 .. newest: upserts, then deletes) brings the walk up to date exactly.
        long newest = newestChangeVersion(edFiToken);
        Set<String> state = new HashSet<>(distinct);
        pageToken = "djEKCg";
        while (pageToken != null) {
            Reply page = get("/data/v3/ed-fi/students", edFiToken, "pageToken", pageToken, "pageSize", "500",
                    "minChangeVersion", Long.toString(max + 1), "maxChangeVersion", Long.toString(newest));
            page.json().forEach(s -> state.add(s.get("id").asString()));
            pageToken = page.header("Next-Page-Token");
        }
        for (int offset = 0;; offset += 500) {
            JsonNode deletes = get("/data/v3/ed-fi/students/deletes", edFiToken, "offset", Integer.toString(offset),
                    "limit", "500", "minChangeVersion", Long.toString(max + 1), "maxChangeVersion",
                    Long.toString(newest)).json();
            deletes.forEach(d -> state.remove(d.get("id").asString()));
            if (deletes.size() < 500) {
                break;
            }
        }
        Set<String> live = studentItems(Long.MAX_VALUE);
        assertThat(state.size()).isEqualTo(live.size());
        assertThat(state.equals(live)).as("window walk + next window = the students there are").isTrue();
    }

    // ------------------------------------------------------------------ helpers

    private void startStream() {
        client.post().uri("/admin/change-stream").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"ratePerSecond\":" + streamSettings.maxRatePerSecond()
                        + ",\"entityTypes\":[\"users\"],\"seconds\":120,\"seed\":11}")
                .exchange().expectStatus().isOk();
        await().atMost(Duration.ofSeconds(10)).until(() -> applied() > 0);
    }

    @AfterEach
    void stopStream() {
        client.delete().uri("/admin/change-stream").exchange().expectStatus().isOk();
    }

    /** Lets the stream apply a few more changes before the next page. */
    private void awaitMoreChanges() {
        long target = applied() + CHANGES_PER_PAGE;
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2)).atMost(Duration.ofSeconds(10))
                .until(() -> applied() >= target);
    }

    private JsonNode status() {
        return reply(client.get().uri("/admin/change-stream").exchange().expectBody().returnResult()).json();
    }

    private long applied() {
        return stream.status().applied().getOrDefault("total", 0L);
    }

    private Set<String> userIds() {
        return districts.current().all(EntityType.USERS).map(RosterRecord::sourcedId).collect(Collectors.toSet());
    }

    /** Ids of the live student items whose change version is at most {@code max}, as served (stream stopped). */
    private Set<String> studentItems(long max) {
        Set<String> ids = new HashSet<>();
        String pageToken = "djEKCg";
        while (pageToken != null) {
            Reply page = get("/data/v3/ed-fi/students", edFiToken, "pageToken", pageToken, "pageSize", "500",
                    "maxChangeVersion", Long.toString(max));
            page.json().forEach(s -> ids.add(s.get("id").asString()));
            pageToken = page.header("Next-Page-Token");
        }
        return ids;
    }

    private String edFiToken() {
        byte[] body = client.post().uri("/oauth/token").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .header(HttpHeaders.AUTHORIZATION,
                        "Basic " + Base64.getEncoder().encodeToString("rostersync-demo:demo-secret".getBytes()))
                .body(BodyInserters.fromFormData("grant_type", "client_credentials")).exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBody();
        return JSON.readTree(body).get("access_token").asString();
    }

    private long newestChangeVersion(String token) {
        return get("/changeQueries/v1/availableChangeVersions", token).json().get("newestChangeVersion").asLong();
    }
}
