package io.dtlsingest.support;

import io.dtlsingest.DtlsIngestApplication;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the service as a context of its own on the shared database, for tests that stop and start
 * it, such as a restart on the same DTLS port. The caller closes it.
 */
public final class StandaloneService {

    private StandaloneService() {}

    /**
     * Starts the service on loopback with the suite's token and secrets key, HTTP and management on
     * free ports, and {@code properties} on top.
     */
    public static ConfigurableApplicationContext start(int dtlsPort, String... properties) {
        List<String> all = new ArrayList<>();
        all.add("spring.datasource.url=" + SharedPostgres.jdbcUrl());
        all.add("spring.datasource.username=postgres");
        all.add("spring.datasource.password=postgres");
        all.add("ingest.admin.token=standalone-test-token-0123456789");
        all.add("ingest.secrets.key=" + IngestIntegrationTest.SECRETS_KEY);
        all.add("ingest.dtls.port=" + dtlsPort);
        all.add("ingest.dtls.bind-address=127.0.0.1");
        all.add("server.port=0");
        all.add("management.server.port=0");
        all.addAll(List.of(properties));
        return new SpringApplicationBuilder(DtlsIngestApplication.class)
                .properties(all.toArray(String[]::new))
                .run();
    }
}
