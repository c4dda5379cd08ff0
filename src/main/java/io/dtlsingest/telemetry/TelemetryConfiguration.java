package io.dtlsingest.telemetry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The shared, thread-safe decoder and reply encoder of the device protocol. */
@Configuration(proxyBeanMethods = false)
class TelemetryConfiguration {

    @Bean
    PayloadDecoder payloadDecoder(PayloadProperties properties) {
        return new PayloadDecoder(properties.limits());
    }

    @Bean
    ReplyEncoder replyEncoder() {
        return new ReplyEncoder();
    }
}
