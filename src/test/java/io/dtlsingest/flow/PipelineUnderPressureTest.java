package io.dtlsingest.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dtlsingest.device.DeviceRequests;
import io.dtlsingest.device.DeviceService;
import io.dtlsingest.dtls.DtlsInboundChannelAdapter;
import io.dtlsingest.support.DtlsTestClient;
import io.dtlsingest.support.IngestIntegrationTest;
import io.dtlsingest.support.SharedPostgres;
import io.dtlsingest.support.TcpProxy;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies what devices are told when the database is slow or gone: a full queue is answered busy,
 * nothing is acknowledged before it is committed, the pipeline reports DOWN while the writer
 * retries, and writes resume after an outage. The application reaches PostgreSQL through a proxy
 * the test can cut, and its queue holds only two datagrams besides the one each writer holds.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "ingest.dtls.port=0",
            "ingest.dtls.bind-address=127.0.0.1",
            "ingest.admin.token=pressure-test-token-0123456789",
            "ingest.secrets.key=" + IngestIntegrationTest.SECRETS_KEY,
            "management.server.port=0",
            "ingest.pipeline.queue-capacity=2",
            "ingest.pipeline.batch-size=1",
            "ingest.pipeline.retry-initial-backoff=50ms",
            "ingest.pipeline.retry-max-backoff=200ms",
            "ingest.pipeline.retrying-down-after=300ms",
            "spring.datasource.hikari.connection-timeout=1000"
        })
@ContextConfiguration(initializers = PipelineUnderPressureTest.ThroughProxy.class)
@Timeout(90)
class PipelineUnderPressureTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final byte[] KEY = new byte[16];
    private static final TcpProxy PROXY = new TcpProxy(SharedPostgres.port());

    @Autowired DtlsInboundChannelAdapter dtls;
    @Autowired DeviceService devices;
    @Autowired JdbcClient jdbc;
    @Autowired MeterRegistry meters;
    @Autowired PipelineProperties properties;

    @Autowired
    @Qualifier("pipeline")
    HealthIndicator pipelineHealth;

    @Autowired
    @Qualifier("ingest.accepted")
    QueueChannel accepted;

    @AfterAll
    static void closeProxy() {
        PROXY.close();
    }

    @Test
    void fullQueueIsAnsweredBusyAndNothingIsAcknowledgedBeforeItsCommit() throws Exception {
        String device = provision("pressure-busy");

        try (DtlsTestClient client = DtlsTestClient.psk(dtls.getPort(), device, KEY);
                Connection locker = lockReadings()) {
            // Each writer takes one datagram and waits for the lock with it ...
            int writers = properties.writers();
            for (int mid = 1; mid <= writers; mid++) {
                client.send(datagram(mid)).get();
            }
            await().until(() -> accepted.getQueueSize() == 0);
            // ... and the next two fill the queue.
            client.send(datagram(writers + 1)).get();
            client.send(datagram(writers + 2)).get();
            await().until(() -> accepted.getQueueSize() == 2);
            int unanswered = writers + 2;

            JsonNode busy = JSON.readTree(client.exchange(datagram(unanswered + 1)));

            assertThat(busy.get("code").asString()).isEqualTo("busy");
            assertThat(busy.get("mid").asLong()).isEqualTo(unanswered + 1);
            assertThat(readings(device)).isZero();

            locker.rollback();
            Map<Long, String> codes = new HashMap<>();
            Map<Long, String> expected = new HashMap<>();
            for (int i = 1; i <= unanswered; i++) {
                JsonNode reply = JSON.readTree(client.nextReply());
                codes.put(reply.get("mid").asLong(), reply.get("code").asString());
                expected.put((long) i, "ok");
            }
            assertThat(codes).containsExactlyInAnyOrderEntriesOf(expected);
        }
        assertThat(readings(device)).isEqualTo(properties.writers() + 2);
    }

    @Test
    void writesResumeAfterTheDatabaseComesBack() throws Exception {
        String device = provision("pressure-outage");
        double retriesBefore = meters.counter("ingest.store.retries").count();

        try (DtlsTestClient client = DtlsTestClient.psk(dtls.getPort(), device, KEY)) {
            client.exchange(datagram(1));
            PROXY.cut();
            try {
                client.send(datagram(2)).get();

                await().atMost(Duration.ofSeconds(20))
                        .until(
                                () ->
                                        meters.counter("ingest.store.retries").count()
                                                > retriesBefore);
                client.assertNoReplyWithin(Duration.ofSeconds(1));
                assertThat(pipelineHealth.health().getStatus()).isEqualTo(Status.DOWN);
                assertThat(pipelineHealth.health().getDetails())
                        .containsEntry("writer", "retrying");
            } finally {
                PROXY.restore();
            }

            JsonNode reply = JSON.readTree(client.nextReply(Duration.ofSeconds(30)));

            assertThat(reply.get("code").asString()).isEqualTo("ok");
            assertThat(reply.get("mid").asLong()).isEqualTo(2);
            assertThat(pipelineHealth.health().getStatus()).isEqualTo(Status.UP);
        }
        assertThat(readings(device)).isEqualTo(2);
    }

    private String provision(String prefix) {
        String id = prefix + "-" + System.nanoTime();
        devices.create(
                new DeviceRequests.Create(
                        id, true, new DeviceRequests.Psk(id, "00".repeat(KEY.length)), null));
        return id;
    }

    /** Holds an exclusive lock on the readings table until the connection rolls back. */
    private static Connection lockReadings() throws Exception {
        Connection connection =
                DriverManager.getConnection(SharedPostgres.jdbcUrl(), "postgres", "postgres");
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("lock table readings in exclusive mode");
        }
        return connection;
    }

    private static byte[] datagram(int messageId) {
        return ("{\"level\":" + messageId + ",\"@mid\":" + messageId + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private long readings(String device) {
        return jdbc.sql("select count(*) from readings where device_id = ?")
                .param(device)
                .query(Long.class)
                .single();
    }

    /** Points the application at the proxy instead of straight at PostgreSQL. */
    static class ThroughProxy
            implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            String url = "jdbc:postgresql://127.0.0.1:" + PROXY.port() + "/postgres";
            context.getEnvironment()
                    .getPropertySources()
                    .addFirst(
                            new MapPropertySource(
                                    "proxiedPostgres",
                                    Map.of(
                                            "spring.datasource.url", url,
                                            "spring.datasource.username", "postgres",
                                            "spring.datasource.password", "postgres")));
        }
    }
}
