package io.rostersync.core.kafka;

import io.rostersync.core.events.UnsupportedEventException;
import io.rostersync.core.secrets.SecretNotFoundException;
import jakarta.validation.ValidationException;
import java.util.List;

/**
 * The one place that decides which failures are permanent: those go to the DLT at once, everything else
 * is retried with backoff first. Services add nothing here ad hoc; a new permanent kind is added once.
 */
public final class ErrorClassifier {

    private ErrorClassifier() {
    }

    @SuppressWarnings("unchecked")
    public static List<Class<? extends Exception>> permanentExceptions() {
        return List.of(UnsupportedEventException.class, SecretNotFoundException.class, ValidationException.class,
                IllegalArgumentException.class, PermanentFailureException.class);
    }

    public static boolean isPermanent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            Throwable current = t;
            if (permanentExceptions().stream().anyMatch(type -> type.isInstance(current))) {
                return true;
            }
        }
        return false;
    }
}
