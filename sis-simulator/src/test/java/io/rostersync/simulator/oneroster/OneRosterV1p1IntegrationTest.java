package io.rostersync.simulator.oneroster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import io.rostersync.simulator.SimulatorIntegrationTest;

/**
 * OneRoster 1.1 over the same district, with OAuth 1.0a HMAC-SHA256 signed requests. The test signs requests with
 * its own small RFC 5849 signer, independent of the simulator's.
 */
class OneRosterV1p1IntegrationTest extends SimulatorIntegrationTest {

    private static final String V1P1 = "/ims/oneroster/v1p1";
    private final HttpClient http = HttpClient.newHttpClient();

    private record Response(int status, JsonNode json, java.net.http.HttpHeaders headers) {
    }

    /** RFC 3986 unreserved characters stay, everything else is %XX of its UTF-8 bytes (RFC 5849 §3.6). */
    private static String pct(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }

    private static String hmac(String key, String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Signs a GET; {@code query} alternates name, value (unencoded). */
    private String authorization(String url, String secret, long timestamp, String nonce, String... query)
            throws Exception {
        TreeMap<String, String> params = new TreeMap<>();
        for (int i = 0; i < query.length; i += 2) {
            params.put(pct(query[i]), pct(query[i + 1]));
        }
        TreeMap<String, String> oauth = new TreeMap<>();
        oauth.put("oauth_consumer_key", "rostersync-demo");
        oauth.put("oauth_nonce", nonce);
        oauth.put("oauth_signature_method", "HMAC-SHA256");
        oauth.put("oauth_timestamp", Long.toString(timestamp));
        oauth.put("oauth_version", "1.0");
        oauth.forEach((k, v) -> params.put(pct(k), pct(v)));
        List<String> pairs = new ArrayList<>();
        params.forEach((k, v) -> pairs.add(k + "=" + v));
        String base = "GET&" + pct(url) + "&" + pct(String.join("&", pairs));
        String signature = hmac(pct(secret) + "&", base);
        StringBuilder header = new StringBuilder("OAuth realm=\"oneroster\"");
        oauth.forEach((k, v) -> header.append(", ").append(k).append("=\"").append(pct(v)).append('"'));
        header.append(", oauth_signature=\"").append(pct(signature)).append('"');
        return header.toString();
    }

    private Response call(String path, String authorization, String... query) throws Exception {
        StringBuilder url = new StringBuilder("http://localhost:" + port + path);
        for (int i = 0; i < query.length; i += 2) {
            url.append(i == 0 ? '?' : '&').append(pct(query[i])).append('=').append(pct(query[i + 1]));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url.toString()));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), JSON.readTree(response.body()), response.headers());
    }

    private Response signed(String path, String... query) throws Exception {
        String auth = authorization("http://localhost:" + port + path, "demo-secret",
                Instant.now().getEpochSecond(), UUID.randomUUID().toString(), query);
        return call(path, auth, query);
    }

    @Test
    void usersHaveASingleRoleAndOrgsAndPageLikeOneRoster12() throws Exception {
        Response page = signed(V1P1 + "/users", "limit", "50", "offset", "50");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.headers().firstValue("X-Total-Count")).hasValue("214");
        assertThat(page.headers().firstValue("Link").orElseThrow()).contains(V1P1 + "/users?limit=50&offset=100")
                .contains("rel=\"next\"");
        assertThat(page.json().get("users")).hasSize(50);
        JsonNode user = page.json().get("users").get(0);
        assertThat(user.get("role").asString()).isEqualTo("student");
        assertThat(user.has("roles")).isFalse();
        assertThat(user.has("primaryOrg")).isFalse();
        assertThat(user.at("/orgs/0/type").asString()).isEqualTo("org");
        assertThat(user.at("/orgs/0/href").asString()).contains(V1P1 + "/orgs/");
        assertThat(user.get("enabledUser").asString()).isEqualTo("true");
    }

    @Test
    void filterAndFieldsUseThe11ShapeAndQueryParamsAreSigned() throws Exception {
        Response teachers = signed(V1P1 + "/users", "filter", "role='teacher'", "fields", "sourcedId,role",
                "limit", "100");
        assertThat(teachers.status()).isEqualTo(200);
        assertThat(teachers.json().get("users")).hasSize(12)
                .allSatisfy(u -> assertThat(u.get("role").asString()).isEqualTo("teacher"));
        assertThat(teachers.json().at("/users/0").size()).isEqualTo(2);
        assertThat(signed(V1P1 + "/users", "fields", "roles").status()).isEqualTo(400);
    }

    @Test
    void everyCollectionAndItsByIdReadAnswer() throws Exception {
        String[][] cases = { { "orgs", "org", "org-00001" }, { "academicSessions", "academicSession", "ses-0101" },
                { "courses", "course", "crs-00001" }, { "classes", "class", "cls-00001" },
                { "users", "user", "usr-t00001" }, { "enrollments", "enrollment", "enr-0000001" },
                { "demographics", "demographics", "usr-000001" } };
        for (String[] c : cases) {
            Response list = signed(V1P1 + "/" + c[0]);
            assertThat(list.status()).as(c[0]).isEqualTo(200);
            assertThat(list.json().get(c[0])).as(c[0]).isNotEmpty();
            Response one = signed(V1P1 + "/" + c[0] + "/" + c[2]);
            assertThat(one.status()).as(c[0] + " by id").isEqualTo(200);
            assertThat(one.json().at("/" + c[1] + "/sourcedId").asString()).isEqualTo(c[2]);
        }
        assertThat(signed(V1P1 + "/users/usr-t00001").json().at("/user/role").asString()).isEqualTo("teacher");
        Response missing = signed(V1P1 + "/users/usr-nobody");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("imsx_codeMajor").asString()).isEqualTo("failure");
    }

    /** Every 1.2 path is a 1.1 path too (the 1.1 binding has the same 41 endpoints): same records, 1.1 shapes. */
    @Test
    void everyOneRosterPathIncludingNestedOnesAnswersIn11WithTheSameRecordsAs12() throws Exception {
        String bearer = allScopesToken();
        List<String> templates = OneRosterPaths.getTemplates();
        for (String template : templates) {
            String concrete = OneRosterPaths.concrete(template);
            Response v11 = signed(V1P1 + concrete);
            assertThat(v11.status()).as("GET 1.1 %s", concrete).isEqualTo(200);
            JsonNode v12 = get(BASE + concrete, bearer).json();
            String wrapper = v12.properties().iterator().next().getKey();
            JsonNode payload = v11.json().get(wrapper);
            assertThat(payload).as("%s of 1.1 %s", wrapper, concrete).isNotNull();
            assertThat(ids(payload)).as("1.1 %s", concrete).isEqualTo(ids(v12.get(wrapper))).isNotEmpty();
            if (payload.isArray()) {
                assertThat(v11.headers().firstValue("X-Total-Count")).as(concrete).isPresent();
            }
            if (wrapper.startsWith("user")) {
                for (JsonNode user : payload.isArray() ? payload : List.of(payload)) {
                    assertThat(user.has("role")).as(concrete).isTrue();
                    assertThat(user.has("roles")).as(concrete).isFalse();
                }
            }
        }
        assertThat(templates).hasSize(41);
    }

    @Test
    void nestedPathsPageFilterAndRefuseUnknownParents() throws Exception {
        Response students = signed(V1P1 + "/schools/org-00001/students", "limit", "10", "offset", "10", "filter",
                "role='student'", "fields", "sourcedId,role");
        assertThat(students.status()).isEqualTo(200);
        assertThat(students.json().get("users")).hasSize(10)
                .allSatisfy(u -> assertThat(u.get("role").asString()).isEqualTo("student"));
        assertThat(students.headers().firstValue("X-Total-Count")).hasValue("100");
        assertThat(students.headers().firstValue("Link").orElseThrow())
                .contains(V1P1 + "/schools/org-00001/students?").contains("rel=\"next\"");
        Response unknown = signed(V1P1 + "/terms/ses-9999/classes");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("imsx_codeMajor").asString()).isEqualTo("failure");
        // 1.1 signatures, not 1.2 bearer tokens, open the nested paths too.
        HttpResponse<String> bearer = http.send(HttpRequest.newBuilder(URI.create(
                "http://localhost:" + port + V1P1 + "/classes/cls-00001/students"))
                .header("Authorization", "Bearer " + allScopesToken()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bearer.statusCode()).isEqualTo(401);
    }

    private static List<String> ids(JsonNode payload) {
        List<String> ids = new ArrayList<>();
        if (payload.isArray()) {
            payload.forEach(r -> ids.add(r.get("sourcedId").asString()));
        } else {
            ids.add(payload.get("sourcedId").asString());
        }
        return ids;
    }

    @Test
    void unsignedAndBadlySignedRequestsAre401() throws Exception {
        String url = "http://localhost:" + port + V1P1 + "/orgs";
        long now = Instant.now().getEpochSecond();
        assertUnauthorised(call(V1P1 + "/orgs", null));
        assertUnauthorised(call(V1P1 + "/orgs", authorization(url, "wrong-secret", now, "n1")));
        // signed for other query parameters than sent
        assertUnauthorised(call(V1P1 + "/orgs", authorization(url, "demo-secret", now, "n2", "limit", "1"),
                "limit", "2"));
        // Outside the 300 s window by more than the second `now` was truncated to and the time these calls take: at
        // now + 301 the server, a fraction of a second later, saw at most 300 s and accepted the request.
        assertUnauthorised(call(V1P1 + "/orgs", authorization(url, "demo-secret", now - 310, "n3")));
        assertUnauthorised(call(V1P1 + "/orgs", authorization(url, "demo-secret", now + 310, "n4")));
        assertThat(call(V1P1 + "/orgs", authorization(url, "demo-secret", now - 200, "n5")).status()).isEqualTo(200);
    }

    @Test
    void aReusedNonceIsRejected() throws Exception {
        String url = "http://localhost:" + port + V1P1 + "/courses";
        String auth = authorization(url, "demo-secret", Instant.now().getEpochSecond(), "nonce-" + UUID.randomUUID());
        assertThat(call(V1P1 + "/courses", auth).status()).isEqualTo(200);
        assertUnauthorised(call(V1P1 + "/courses", auth));
    }

    @Test
    void bearerTokensDoNotOpenTheV1p1Api() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(
                "http://localhost:" + port + V1P1 + "/orgs")).header("Authorization", "Bearer " + allScopesToken())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
    }

    private static void assertUnauthorised(Response response) {
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("OAuth"));
        assertThat(response.json().at("/imsx_CodeMinor/imsx_codeMinorField/0/imsx_codeMinorFieldValue").asString())
                .isEqualTo("unauthorisedrequest");
    }
}
