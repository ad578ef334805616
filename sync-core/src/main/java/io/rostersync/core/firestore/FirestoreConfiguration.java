package io.rostersync.core.firestore;

import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Firestore client every service shares, and its health for readiness. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FirestoreSettings.class)
public class FirestoreConfiguration {

    @Bean(destroyMethod = "close")
    Firestore firestore(FirestoreSettings settings) {
        FirestoreOptions.Builder options = FirestoreOptions.newBuilder()
                .setProjectId(settings.projectId())
                .setDatabaseId(settings.databaseId());
        if (settings.emulatorHost() != null && !settings.emulatorHost().isBlank()) {
            // setEmulatorHost installs emulator credentials itself; adding NoCredentials would send it to the real service.
            options.setEmulatorHost(settings.emulatorHost());
        }
        return options.build().getService();
    }

    @Bean
    FirestoreHealthIndicator firestoreHealthIndicator(Firestore firestore) {
        return new FirestoreHealthIndicator(firestore);
    }
}
