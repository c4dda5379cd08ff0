package io.dtlsingest.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class DtlsConnectorConfigurationTest {

    @Test
    void connectorThreadsAreWorkersBesidesScandiumsTimerThread() {
        DtlsProperties properties = bind(Map.of("ingest.dtls.connector-threads", "3"));

        var configuration = DtlsConnectorFactory.configuration(properties);

        // Scandium starts DTLS_CONNECTOR_THREAD_COUNT - 1 workers next to its timer thread.
        assertThat(configuration.get(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT)).isEqualTo(4);
    }

    private static DtlsProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("ingest.dtls", DtlsProperties.class);
    }
}
