package io.rostersync.simulator;

import java.time.Clock;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * A fake district SIS that speaks OneRoster 1.2 rostering, for RosterSync's connectors and tests.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SisSimulatorApplication {

    /**
     * The builder the local-stack launcher uses: several services share one JVM there, so each one
     * reads its own config file name instead of {@code application.yml}.
     */
    public static SpringApplicationBuilder builder() {
        // The simulator does its own OAuth. When it is hosted beside RosterSync's services (the local stack, tests),
        // Spring Security is on the classpath and Boot would lock every endpoint behind a generated password.
        return new SpringApplicationBuilder(SisSimulatorApplication.class).properties("spring.config.name=sis-simulator",
                "spring.autoconfigure.exclude="
                        + "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration,"
                        + "org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration,"
                        + "org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration,"
                        + "org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration");
    }

    public static void main(String[] args) {
        builder().run(args);
    }

    /** Injected wherever time matters so tests can control token expiry and modification times. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
