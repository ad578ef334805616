package io.rostersync.simulator.edfi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;

import io.rostersync.simulator.SimulatorIntegrationTest;
import io.rostersync.simulator.auth.AccessTokens;
import io.rostersync.simulator.district.DistrictSize;
import io.rostersync.simulator.district.EntityType;
import io.rostersync.simulator.district.RosterRecord;
import io.rostersync.simulator.district.RosterRecord.Person;

/**
 * A 100,000-student district: paging returns every record exactly once (OneRoster offset paging, Ed-Fi keyset
 * paging), sorted paging does not re-render the collection per page, and an Ed-Fi {@code pageToken} walk inside a
 * fixed {@code maxChangeVersion} window stays exact while records change underneath. Prints timings.
 */
class LargeDistrictPagingIntegrationTest extends SimulatorIntegrationTest {

    private static final Pattern NEXT = Pattern.compile("<([^>]*)>; rel=\"next\"");
    private static final int STUDENTS = 100_000;

    @Autowired
    AccessTokens accessTokens;

    String edFiToken;

    @BeforeEach
    void largeDistrict() {
        DistrictSize size = settings.district();
        districts.regenerate(new DistrictSize(size.seed(), 4, STUDENTS, 400, 100, 20, 3, 2));
        accessTokens.revokeAll();
        var form = BodyInserters.fromFormData("grant_type", "client_credentials");
        byte[] body = client.post().uri("/oauth/token").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .header(HttpHeaders.AUTHORIZATION,
                        "Basic " + Base64.getEncoder().encodeToString("rostersync-demo:demo-secret".getBytes()))
                .body(form).exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody();
        edFiToken = JSON.readTree(body).get("access_token").asString();
    }

    @Test
    void oneRosterUsersPageOnceEachAndSortedPagingStaysCheap() {
        String token = allScopesToken();
        long expected = districts.current().count(EntityType.USERS);
        Set<String> seen = new HashSet<>();
        long started = System.nanoTime();
        String offset = "0";
        int pages = 0;
        while (offset != null) {
            Reply page = get(BASE + "/users", token, "limit", "10000", "offset", offset);
            assertThat(page.status()).isEqualTo(200);
            page.json().get("users").forEach(u -> assertThat(seen.add(u.get("sourcedId").asString())).isTrue());
            pages++;
            Matcher next = NEXT.matcher(page.header("Link"));
            offset = next.find() ? next.group(1).replaceAll(".*offset=(\\d+).*", "$1") : null;
        }
        long plainMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(seen).hasSize((int) expected);

        started = System.nanoTime();
        List<String> sorted = new ArrayList<>();
        for (int o = 0; o < 3 * 10_000; o += 10_000) {
            Reply page = get(BASE + "/users", token, "limit", "10000", "offset", Integer.toString(o), "sort",
                    "sourcedId", "orderBy", "desc");
            page.json().get("users").forEach(u -> sorted.add(u.get("sourcedId").asString()));
        }
        long sortedMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(sorted).hasSize(30_000).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(new HashSet<>(sorted)).hasSize(30_000);
        System.out.printf("100k OneRoster users: %d records in %d pages of 10000 in %d ms; 3 sorted pages in %d ms%n",
                expected, pages, plainMillis, sortedMillis);
        // sort=sourcedId takes the store's order: three pages cost about what three unsorted pages cost.
        assertThat(sortedMillis).isLessThan(Math.max(plainMillis, 5_000));
    }

    @Test
    void edFiStudentsPageOnceEachWithPageTokens() {
        Set<String> seen = new HashSet<>();
        long started = System.nanoTime();
        String token = EdFiController.encodeToken(null, null);
        int pages = 0;
        while (token != null) {
            Reply page = get("/data/v3/ed-fi/students", edFiToken, "pageToken", token, "pageSize", "500");
            assertThat(page.status()).isEqualTo(200);
            page.json().forEach(s -> assertThat(seen.add(s.get("id").asString())).isTrue());
            pages++;
            token = page.header("Next-Page-Token");
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("100k Ed-Fi students: %d in %d pages of 500 in %d ms%n", seen.size(), pages, millis);
        assertThat(seen).hasSize(STUDENTS);
    }

    @Test
    void keysetPagingInAFixedChangeVersionWindowIsExactWhileRecordsChange() {
        long max = JSON.readTree(client.get().uri("/changeQueries/v1/availableChangeVersions")
                .headers(h -> h.setBearerAuth(edFiToken)).exchange().expectBody().returnResult().getResponseBody())
                .get("newestChangeVersion").asLong();
        Set<String> before = new HashSet<>();
        districts.current().all(EntityType.USERS, Person.class).filter(p -> p.hasRole("student"))
                .forEach(p -> before.add(p.sourcedId()));
        Set<String> changed = new HashSet<>();
        List<String> seen = new ArrayList<>();
        String token = EdFiController.encodeToken(null, null);
        int pages = 0;
        while (token != null) {
            Reply page = get("/data/v3/ed-fi/students", edFiToken, "pageToken", token, "pageSize", "500",
                    "maxChangeVersion", Long.toString(max));
            page.json().forEach(s -> seen.add(s.get("id").asString()));
            token = page.header("Next-Page-Token");
            // Churn between pages: updates and soft deletes anywhere in the collection.
            districts.applyRandomChanges(EntityType.USERS, 100).forEach(changed::add);
            String victim = String.format("usr-%06d", 1 + (pages * 7919) % STUDENTS);
            districts.softDelete(EntityType.USERS, victim);
            changed.add(victim);
            pages++;
        }
        // (AssertJ's collection assertions compare pairwise: quadratic on 100k items, so plain set logic here.)
        assertThat(new HashSet<>(seen)).hasSize(seen.size());
        Set<String> expectedIds = new HashSet<>();
        Set<String> allowedIds = new HashSet<>();
        for (String id : before) {
            allowedIds.add(EdFiIds.resourceId("students", id));
            if (!changed.contains(id)) {
                expectedIds.add(EdFiIds.resourceId("students", id));
            }
        }
        // Every record unchanged during the walk is returned exactly once; changed ones leave the window (the next
        // window, minChangeVersion = max + 1, picks them up) and nothing outside the starting set appears.
        Set<String> seenSet = new HashSet<>(seen);
        assertThat(allowedIds.containsAll(seenSet)).isTrue();
        Set<String> missing = new HashSet<>(expectedIds);
        missing.removeAll(seenSet);
        assertThat(missing).isEmpty();
        long nextWindow = districts.current().all(EntityType.USERS).map(RosterRecord::meta)
                .filter(m -> m.changeVersion() > max).count();
        assertThat(nextWindow).isGreaterThanOrEqualTo(changed.size() - 1);
    }
}
