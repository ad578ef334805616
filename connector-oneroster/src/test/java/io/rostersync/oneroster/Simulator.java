package io.rostersync.oneroster;

import io.rostersync.core.events.ConnectionSettings;
import io.rostersync.simulator.testsupport.RunningSimulator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The shared in-process simulator, seen through its OneRoster 1.2 and 1.1 endpoints, with its admin and fault API. */
public final class Simulator {

    public static final String CLIENT_ID = RunningSimulator.CLIENT_ID;
    public static final String SECRET = RunningSimulator.SECRET;
    public static final List<String> SCOPES = List.of(
            "https://purl.imsglobal.org/spec/or/v1p2/scope/roster-core.readonly",
            "https://purl.imsglobal.org/spec/or/v1p2/scope/roster.readonly",
            "https://purl.imsglobal.org/spec/or/v1p2/scope/roster-demographics.readonly");
    public static final String V1P2_PATHS = "/ims/oneroster/rostering/v1p2/**";
    public static final String V1P1_PATHS = "/ims/oneroster/v1p1/**";
    private static final Simulator INSTANCE = new Simulator();

    private final RunningSimulator sim = RunningSimulator.instance();

    private Simulator() {
    }

    public static Simulator instance() {
        return INSTANCE;
    }

    public String baseUrl() {
        return sim.root() + "/ims/oneroster/rostering/v1p2";
    }

    public String v1p1BaseUrl() {
        return sim.root() + "/ims/oneroster/v1p1";
    }

    public String tokenUrl() {
        return sim.root() + "/oauth2/token";
    }

    /** OneRoster 1.2 with OAuth 2 and all three scopes. */
    public ConnectionSettings connection(String credentialRef) {
        return new ConnectionSettings(baseUrl(), tokenUrl(), "1.2", CLIENT_ID, credentialRef, SCOPES);
    }

    /** OneRoster 1.1 with OAuth 1.0a: the client id is the consumer key, no token URL, no scopes. */
    public ConnectionSettings v1p1Connection(String credentialRef) {
        return new ConnectionSettings(v1p1BaseUrl(), null, "1.1", CLIENT_ID, credentialRef, List.of());
    }

    public void regenerate() {
        sim.regenerate();
    }

    public Map<String, Long> counts() {
        return sim.counts();
    }

    public List<String> change(String collection, int count) {
        return sim.change(collection, count);
    }

    public void softDelete(String collection, String sourcedId) {
        sim.softDelete(collection, sourcedId);
    }

    public void patch(String collection, String sourcedId, String mergePatch) {
        sim.patch(collection, sourcedId, mergePatch);
    }

    /** Creates or replaces a record given in OneRoster 1.2 JSON. */
    public void put(String collection, String json) {
        sim.send("POST", "/admin/oneroster/" + collection, json);
    }

    /** Replaces every fault with these rules, e.g. {@code {"pathPattern":"/oauth2/token","kind":"reset","count":1}}. */
    public void faults(String... rules) {
        sim.send("PUT", "/admin/faults", "{\"rules\":[" + String.join(",", rules) + "]}");
    }

    /** The rules with their {@code applied} and {@code remaining} counts. */
    public JsonNode faultRules() {
        return sim.send("GET", "/admin/faults", null).path("rules");
    }

    /** Heals every fault, the token policy included. */
    public void heal() {
        sim.send("DELETE", "/admin/faults", null);
    }
}
