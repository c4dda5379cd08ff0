package io.dtlsingest.dtls;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Declares the DTLS inbound adapter; the flow configuration connects it to the pipeline. */
@Configuration(proxyBeanMethods = false)
class DtlsEndpointConfiguration {

    @Bean
    DtlsInboundChannelAdapter dtlsInboundAdapter(
            DtlsProperties properties, DtlsEndpoint endpoint, ConnectionRegistry connections) {
        DtlsInboundChannelAdapter adapter =
                new DtlsInboundChannelAdapter(properties.port(), endpoint, connections);
        adapter.setLocalAddress(properties.bindAddress());
        return adapter;
    }
}
