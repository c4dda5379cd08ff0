package io.dtlsingest.device;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Verifies that the devices file feature is on only when a file is named, and that its settings are
 * checked at start.
 */
class DevicesFileConfiguredTest {

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withUserConfiguration(OnlyWithAFile.class);

    @Test
    void aNamedFileTurnsTheFeatureOn() {
        runner.withPropertyValues("ingest.devices.file=/etc/ingest/devices.yaml")
                .run(context -> assertThat(context).hasBean("probe"));
    }

    @Test
    void anEmptyOrMissingSettingLeavesItOff() {
        runner.withPropertyValues("ingest.devices.file=")
                .run(context -> assertThat(context).doesNotHaveBean("probe"));
        runner.withPropertyValues("ingest.devices.file=  ")
                .run(context -> assertThat(context).doesNotHaveBean("probe"));
        runner.run(context -> assertThat(context).doesNotHaveBean("probe"));
    }

    @Test
    void refusesACheckIntervalBelow100Milliseconds() {
        settings()
                .withPropertyValues("ingest.devices.file-check-interval=10ms")
                .run(
                        context ->
                                assertThat(messages(context.getStartupFailure()))
                                        .contains("ingest.devices")
                                        .contains("fileCheckInterval"));
    }

    @Test
    void refusesAnEmptyMaximumFileSize() {
        settings()
                .withPropertyValues("ingest.devices.file-max-size=0B")
                .run(
                        context ->
                                assertThat(messages(context.getStartupFailure()))
                                        .contains(
                                                "ingest.devices.file-max-size must be between 1B"
                                                        + " and 1GB, got 0B"));
    }

    @Test
    void defaultsToATenSecondCheckAndEightMegabytes() {
        settings()
                .run(
                        context -> {
                            DevicesFileProperties properties =
                                    context.getBean(DevicesFileProperties.class);
                            assertThat(properties.file()).isNull();
                            assertThat(properties.fileCheckInterval())
                                    .isEqualTo(java.time.Duration.ofSeconds(10));
                            assertThat(properties.fileMaxSize().toMegabytes()).isEqualTo(8);
                        });
    }

    private static ApplicationContextRunner settings() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
                .withUserConfiguration(Settings.class);
    }

    private static String messages(Throwable failure) {
        assertThat(failure).as("the context started").isNotNull();
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            text.append(t.getMessage()).append('\n');
        }
        return text.toString();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(DevicesFileProperties.class)
    static class Settings {}

    @Configuration(proxyBeanMethods = false)
    static class OnlyWithAFile {

        @Bean
        @Conditional(DevicesFileConfigured.class)
        String probe() {
            return "on";
        }
    }
}
