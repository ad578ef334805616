package io.rostersync.core.secrets;

/** A credential reference that cannot be resolved: a configuration error, not retriable. */
public class SecretNotFoundException extends RuntimeException {

    public SecretNotFoundException(String message) {
        super(message);
    }
}
