package io.rostersync.oneroster;

import io.rostersync.core.events.ConnectionSettings;
import io.rostersync.simulator.testsupport.RunningSimulator;
import java.util.List;
import java.util.Map;

/** The shared in-process simulator, seen through its OneRoster 1.2 endpoints. */
public final class Simulator {

    public static final String CLIENT_ID = RunningSimulator.CLIENT_ID;
    public static final String SECRET = RunningSimulator.SECRET;
    public static final List<String> SCOPES = List.of(
            "https://purl.imsglobal.org/spec/or/v1p2/scope/roster-core.readonly",
            "https://purl.imsglobal.org/spec/or/v1p2/scope/roster.readonly",
            "https://purl.imsglobal.org/spec/or/v1p2/scope/roster-demographics.readonly");
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

    public String tokenUrl() {
        return sim.root() + "/oauth2/token";
    }

    public ConnectionSettings connection(String credentialRef) {
        return new ConnectionSettings(baseUrl(), tokenUrl(), "1.2", CLIENT_ID, credentialRef, SCOPES);
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
}
