package io.dtlsingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.dtlsingest.support.IngestIntegrationTest;
import io.dtlsingest.support.SharedPostgres;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Verifies that abuse limits that make no sense stop the start and name the property. */
class LimitsStartupValidationTest {

    @Test
    void refusesAReadingBurstBelowTheReadingsOfOneDatagram() {
        Throwable failure =
                start("ingest.rate-limit.reading-burst=100", "ingest.payload.max-records=256");

        assertThat(messages(failure))
                .contains("ingest.rate-limit.reading-burst (100)")
                .contains("ingest.payload.max-records (256)");
    }

    @Test
    void refusesAHandshakeRateOfZero() {
        Throwable failure = start("ingest.dtls.limits.handshakes-per-second=0");

        assertThat(messages(failure))
                .contains("ingest.dtls.limits")
                .contains("handshakesPerSecond");
    }

    private static Throwable start(String... properties) {
        List<String> all = new ArrayList<>();
        all.add("spring.datasource.url=" + SharedPostgres.jdbcUrl());
        all.add("spring.datasource.username=postgres");
        all.add("spring.datasource.password=postgres");
        all.add("ingest.dtls.port=0");
        all.add("server.port=0");
        all.add("management.server.port=0");
        all.add("ingest.admin.token=0123456789abcdef");
        all.add("ingest.secrets.key=" + IngestIntegrationTest.SECRETS_KEY);
        all.addAll(List.of(properties));
        Throwable failure =
                catchThrowable(
                        () ->
                                new SpringApplicationBuilder(DtlsIngestApplication.class)
                                        .web(WebApplicationType.SERVLET)
                                        .properties(all.toArray(String[]::new))
                                        .run()
                                        .close());
        assertThat(failure).as("the application started").isNotNull();
        return failure;
    }

    private static String messages(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            text.append(t.getMessage()).append('\n');
        }
        return text.toString();
    }
}
