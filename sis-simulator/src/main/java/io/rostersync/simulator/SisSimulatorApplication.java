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
        return new SpringApplicationBuilder(SisSimulatorApplication.class).properties("spring.config.name=sis-simulator");
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
