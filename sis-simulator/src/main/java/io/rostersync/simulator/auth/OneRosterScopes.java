package io.rostersync.simulator.auth;

import java.util.List;

/** The OAuth 2 scopes OneRoster 1.2 rostering defines. */
public final class OneRosterScopes {

    private static final String PREFIX = "https://purl.imsglobal.org/spec/or/v1p2/scope/";
    public static final String ROSTER_CORE = PREFIX + "roster-core.readonly";
    public static final String ROSTER = PREFIX + "roster.readonly";
    public static final String DEMOGRAPHICS = PREFIX + "roster-demographics.readonly";
    public static final List<String> ALL = List.of(ROSTER_CORE, ROSTER, DEMOGRAPHICS);

    private OneRosterScopes() {
    }
}
