package io.rostersync.gateway.verification;

/** A webhook whose Standard Webhooks headers do not prove it came from the SIS; the message is safe to show the sender. */
public class SignatureRejectedException extends RuntimeException {

    public SignatureRejectedException(String message) {
        super(message);
    }
}
