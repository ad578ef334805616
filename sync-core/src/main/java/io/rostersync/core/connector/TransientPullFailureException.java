package io.rostersync.core.connector;

/** Why a pull command is in its DLT: the SIS failed for a passing reason; replaying the command is expected to work later. */
public class TransientPullFailureException extends RuntimeException {

    public TransientPullFailureException(String errorClass, String message) {
        super("[" + errorClass + "] " + message);
    }
}
