package io.dtlsingest.device;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/** Verifies that the devices file feature is on only when a file is named. */
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

    @Configuration(proxyBeanMethods = false)
    static class OnlyWithAFile {

        @Bean
        @Conditional(DevicesFileConfigured.class)
        String probe() {
            return "on";
        }
    }
}
