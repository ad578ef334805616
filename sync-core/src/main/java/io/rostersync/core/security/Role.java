package io.rostersync.core.security;

import java.util.List;

/** Ops API roles; each includes the ones below it (admin ⊃ operator ⊃ viewer). */
public enum Role {
    VIEWER, OPERATOR, ADMIN;

    /** The Spring authorities a holder of this role has. */
    public List<String> authorities() {
        return switch (this) {
            case VIEWER -> List.of("ROLE_VIEWER");
            case OPERATOR -> List.of("ROLE_VIEWER", "ROLE_OPERATOR");
            case ADMIN -> List.of("ROLE_VIEWER", "ROLE_OPERATOR", "ROLE_ADMIN");
        };
    }
}
