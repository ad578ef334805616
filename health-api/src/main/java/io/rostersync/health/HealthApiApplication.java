package io.rostersync.health;

import com.google.cloud.firestore.Firestore;
import io.rostersync.core.RosterSyncCore;
import io.rostersync.core.integrations.Integrations;
import io.rostersync.core.runs.SyncRuns;
import io.rostersync.core.security.OpsApiRules;
import java.time.Clock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;

/**
 * The operators' view of RosterSync: integrations with their health and run history, a manual sync trigger
 * (published to {@code sync.requests}) and the dashboard that uses them.
 */
@SpringBootApplication
@Import(RosterSyncCore.class)
public class HealthApiApplication {

    /** Several services share one JVM in local-stack, so each reads its own config file, not application.yml. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(HealthApiApplication.class).properties("spring.config.name=health-api");
    }

    public static void main(String[] args) {
        builder().run(args);
    }

    /** sync-core ships the stores but no beans for them. */
    @Bean
    Integrations integrations(Firestore firestore) {
        return new Integrations(firestore);
    }

    @Bean
    SyncRuns syncRuns(Firestore firestore) {
        return new SyncRuns(firestore);
    }

    /** Reading is for viewers (sync-core's default for /api/**); anything that changes state needs an operator. */
    @Bean
    OpsApiRules operatorActions() {
        return auth -> auth
                .pathMatchers(HttpMethod.POST, "/api/**").hasRole("OPERATOR")
                .pathMatchers(HttpMethod.PUT, "/api/**").hasRole("OPERATOR")
                .pathMatchers(HttpMethod.PATCH, "/api/**").hasRole("OPERATOR")
                .pathMatchers(HttpMethod.DELETE, "/api/**").hasRole("OPERATOR");
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
