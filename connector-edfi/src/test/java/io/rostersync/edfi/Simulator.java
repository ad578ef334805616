package io.rostersync.edfi;

import io.rostersync.core.events.ConnectionSettings;
import io.rostersync.simulator.testsupport.RunningSimulator;
import java.util.List;
import java.util.Map;

/** The shared in-process simulator, seen through its Ed-Fi ODS/API endpoints. */
public final class Simulator {

    public static final String CLIENT_ID = RunningSimulator.CLIENT_ID;
    public static final String SECRET = RunningSimulator.SECRET;
    private static final Simulator INSTANCE = new Simulator();

    private final RunningSimulator sim = RunningSimulator.instance();

    private Simulator() {
    }

    public static Simulator instance() {
        return INSTANCE;
    }

    public String baseUrl() {
        return sim.root() + "/data/v3";
    }

    public String tokenUrl() {
        return sim.root() + "/oauth/token";
    }

    public ConnectionSettings connection(String credentialRef) {
        return new ConnectionSettings(baseUrl(), tokenUrl(), "7", CLIENT_ID, credentialRef, List.of());
    }

    /** Purges change tracking before {@code version}, as an ODS retention job does. */
    public void retainChangesFrom(long version) {
        sim.send("POST", "/admin/edfi/change-retention", "{\"oldestChangeVersion\":" + version + "}");
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

    /** Sets a student's studentUniqueId (an Ed-Fi key change). */
    public void rekey(String sourcedId, String studentUniqueId) {
        sim.rekey(sourcedId, studentUniqueId);
    }

    /** Changes fields of a OneRoster record (and so of its Ed-Fi items). */
    public void patch(String collection, String sourcedId, String jsonBody) {
        sim.patch(collection, sourcedId, jsonBody);
    }
}
