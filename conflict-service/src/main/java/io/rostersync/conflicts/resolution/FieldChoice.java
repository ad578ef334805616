package io.rostersync.conflicts.resolution;

/**
 * What an operator chose for one field of a merge: the local value, the remote value, or an edited value.
 *
 * @param value the edited value when {@code side} is {@link #EDITED}; may be null (the field is cleared)
 */
public record FieldChoice(String side, Object value) {

    public static final String LOCAL = "local";
    public static final String REMOTE = "remote";
    public static final String EDITED = "edited";

    public static FieldChoice local() {
        return new FieldChoice(LOCAL, null);
    }

    public static FieldChoice remote() {
        return new FieldChoice(REMOTE, null);
    }

    public static FieldChoice edited(Object value) {
        return new FieldChoice(EDITED, value);
    }
}
