package io.rostersync.core.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * Services log with Spring Boot's default console pattern; the shared defaults put the correlation id into it, so every
 * line a service writes while it works on a webhook or run names that id.
 */
@ExtendWith(OutputCaptureExtension.class)
class CorrelationLoggingTest {

    @Configuration(proxyBeanMethods = false)
    static class Empty {
    }

    @Test
    void everyServicesDefaultLogLineNamesTheCurrentCorrelationId(CapturedOutput output) {
        SpringApplication application = new SpringApplication(Empty.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        // Boot's own console configuration, as the services run it (tests otherwise use logback-test.xml).
        try (ConfigurableApplicationContext context = application.run("--spring.config.import=classpath:rostersync-defaults.yml",
                "--logging.config=classpath:boot-default-logback.xml", "--spring.main.banner-mode=off")) {
            try (CorrelationId.Scope scope = CorrelationId.open("corr-4711")) {
                LoggerFactory.getLogger(CorrelationLoggingTest.class).warn("inside the scope");
            }
            LoggerFactory.getLogger(CorrelationLoggingTest.class).warn("outside the scope");
        }

        assertThat(output.getOut()).containsPattern("\\[corr-4711\\] .*CorrelationLoggingTest\\s*: inside the scope")
                .doesNotContainPattern("corr-4711.*outside the scope");
    }
}
