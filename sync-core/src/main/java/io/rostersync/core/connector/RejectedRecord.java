package io.rostersync.core.connector;

import io.rostersync.core.roster.EntityType;

/**
 * A record a connector read from the SIS but could not normalize (a required field missing, a value outside its
 * vocabulary). It is dead-lettered with the reason; the rest of the pull goes on.
 *
 * @param sourcedId the record's id, null when it has none
 * @param reason why it was refused, naming fields, never their values (safe to log and show operators)
 * @param raw the record as the SIS sent it (JSON text), kept on the dead letter so an operator can see what is wrong
 */
public record RejectedRecord(EntityType entityType, String sourcedId, String reason, String raw) {

    @Override
    public String toString() {
        // The raw record may hold personal data: it stays out of logs.
        return "RejectedRecord[entityType=" + entityType + ", sourcedId=" + sourcedId + ", reason=" + reason + "]";
    }
}
