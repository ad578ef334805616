package io.rostersync.oneroster.connector;

import io.rostersync.core.connector.ConnectorException;

/** The OneRoster versions this connector speaks, each with its own way of authenticating requests. */
enum OneRosterVersion {

    /** OneRoster 1.1: every request signed with OAuth 1.0a HMAC-SHA256; users have one {@code role} and {@code orgs}. */
    V1_1("1.1"),

    /** OneRoster 1.2: OAuth 2 client credentials bearer tokens; users have {@code roles}. */
    V1_2("1.2");

    private final String label;

    OneRosterVersion(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /**
     * @param version as the integration names it: "1.2" (also "1.2.x", "v1p2"), "1.1" (also "1.1.x", "v1p1"); null or
     *     blank means 1.2
     * @throws ConnectorException {@code unsupported} for any other version
     */
    static OneRosterVersion of(String version) {
        if (version == null || version.isBlank()) {
            return V1_2;
        }
        String v = version.strip().toLowerCase(java.util.Locale.ROOT).replace("v1p", "1.");
        if (v.equals("1.2") || v.startsWith("1.2.")) {
            return V1_2;
        }
        if (v.equals("1.1") || v.startsWith("1.1.")) {
            return V1_1;
        }
        throw new ConnectorException("unsupported", "OneRoster " + version.strip()
                + " is not supported; set the integration's version to 1.2 (OAuth 2) or 1.1 (OAuth 1.0a)");
    }
}
