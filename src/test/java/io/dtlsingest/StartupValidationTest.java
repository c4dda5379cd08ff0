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

/** Verifies that a misconfigured service refuses to start and says what to fix. */
class StartupValidationTest {

    @Test
    void refusesToStartWithoutAnAdminTokenAndNamesTheVariable() {
        Throwable failure = start();

        assertThat(messages(failure)).contains("ingest.admin.token").contains("INGEST_ADMIN_TOKEN");
    }

    @Test
    void refusesToStartWithoutASecretsKeyAndSaysHowToMakeOne() {
        Throwable failure = start("ingest.admin.token=0123456789abcdef", "ingest.secrets.key=");

        assertThat(messages(failure))
                .contains("INGEST_SECRETS_KEY")
                .contains("openssl rand -base64 32");
    }

    @Test
    void refusesASecretsKeyOfTheWrongLength() {
        Throwable failure =
                start("ingest.admin.token=0123456789abcdef", "ingest.secrets.key=c2hvcnQ=");

        assertThat(messages(failure)).contains("must be 32 bytes in base64").contains("has 5");
    }

    @Test
    void refusesAShortAdminToken() {
        Throwable failure = start("ingest.admin.token=short");

        assertThat(messages(failure)).contains("must be at least 16 characters long");
    }

    @Test
    void refusesAPortOutOfRange() {
        Throwable failure = start("ingest.admin.token=0123456789abcdef", "ingest.dtls.port=70000");

        assertThat(messages(failure)).contains("ingest.dtls.port").contains("70000");
    }

    @Test
    void refusesAnEmptyBatch() {
        Throwable failure =
                start("ingest.admin.token=0123456789abcdef", "ingest.pipeline.batch-size=0");

        assertThat(messages(failure)).contains("ingest.pipeline").contains("batchSize");
    }

    @Test
    void refusesAnAuditRetentionShorterThanADay() {
        Throwable failure =
                start("ingest.admin.token=0123456789abcdef", "ingest.audit.retention=1h");

        assertThat(messages(failure)).contains("ingest.audit").contains("retention");
    }

    @Test
    void waitsForTheDatabaseUntilItsDeadlineThenSaysWhichDidNotAnswer() throws Exception {
        int closedPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }

        Throwable failure =
                start(
                        "ingest.admin.token=0123456789abcdef",
                        "spring.datasource.url=jdbc:postgresql://127.0.0.1:" + closedPort + "/x",
                        "spring.datasource.hikari.connection-timeout=250",
                        "ingest.startup.database-timeout=2s");

        assertThat(messages(failure))
                .contains("PostgreSQL did not answer within 2 s")
                .contains("SPRING_DATASOURCE_URL");
    }

    @Test
    void refusesAReadingBurstBelowTheReadingsOfOneDatagram() {
        Throwable failure =
                start(
                        "ingest.admin.token=0123456789abcdef",
                        "ingest.rate-limit.reading-burst=100",
                        "ingest.payload.max-records=256");

        assertThat(messages(failure))
                .contains("ingest.rate-limit.reading-burst (100)")
                .contains("ingest.payload.max-records (256)");
    }

    @Test
    void refusesAHandshakeRateOfZero() {
        Throwable failure =
                start(
                        "ingest.admin.token=0123456789abcdef",
                        "ingest.dtls.limits.handshakes-per-second=0");

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
        all.add("ingest.secrets.key=" + IngestIntegrationTest.SECRETS_KEY);
        // Added last so that they override the defaults above.
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

    /** The messages of the whole cause chain, where binding errors put their details. */
    private static String messages(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            text.append(t.getMessage()).append('\n');
        }
        return text.toString();
    }
}
