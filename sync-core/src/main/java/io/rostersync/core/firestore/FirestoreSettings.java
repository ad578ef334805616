package io.rostersync.core.firestore;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where the Firestore client connects.
 *
 * @param projectId the Google Cloud project (any name works against the emulator)
 * @param emulatorHost {@code host:port} of the Firestore emulator; blank for Cloud Firestore with application default credentials
 * @param databaseId the Firestore database, {@code (default)} unless the project uses named databases
 */
@Validated
@ConfigurationProperties(prefix = "rostersync.firestore")
public record FirestoreSettings(@NotBlank String projectId, String emulatorHost, @NotBlank String databaseId) {
}
