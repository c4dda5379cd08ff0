package io.dtlsingest.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dtlsingest.DtlsIngestApplication;
import io.dtlsingest.device.DeviceRequests;
import io.dtlsingest.device.DeviceService;
import io.dtlsingest.dtls.DtlsInboundChannelAdapter;
import io.dtlsingest.support.DtlsTestClient;
import io.dtlsingest.support.IngestIntegrationTest;
import io.dtlsingest.support.SharedPostgres;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.integration.channel.QueueChannel;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies that stopping the service stops taking datagrams but still stores and answers every
 * datagram it had accepted before closing its DTLS socket, and that the dtls health contributor
 * says OUT_OF_SERVICE meanwhile and DOWN once the socket is closed.
 */
@Timeout(90)
class GracefulStopTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final byte[] KEY = new byte[16];

    @Test
    void acceptedDatagramsAreStoredAndAnsweredWhileTheServiceStops() throws Exception {
        String device = "graceful-" + System.nanoTime();
        ConfigurableApplicationContext context = start();
        context.getBean(DeviceService.class)
                .create(
                        new DeviceRequests.Create(
                                device,
                                true,
                                new DeviceRequests.Psk(device, "00".repeat(16)),
                                null));
        DtlsInboundChannelAdapter dtls = context.getBean(DtlsInboundChannelAdapter.class);
        QueueChannel accepted = context.getBean("ingest.accepted", QueueChannel.class);
        HealthIndicator dtlsHealth = context.getBean("dtls", HealthIndicator.class);
        assertThat(dtlsHealth.health().getStatus()).isEqualTo(Status.UP);

        try (DtlsTestClient client = DtlsTestClient.psk(dtls.getPort(), device, KEY);
                Connection locker = lockReadings()) {
            for (int messageId = 1; messageId <= 3; messageId++) {
                client.send(datagram(messageId)).get(10, TimeUnit.SECONDS);
            }
            // Each writer holds one datagram, waiting for the lock; the rest wait in the queue.
            int writers = context.getBean(PipelineProperties.class).writers();
            await().until(() -> accepted.getQueueSize() == 3 - writers);

            CompletableFuture<Void> stopping = CompletableFuture.runAsync(context::close);
            await().until(() -> !dtls.isListening());
            assertThat(dtlsHealth.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
            client.send(datagram(4)).get(10, TimeUnit.SECONDS);
            client.assertNoReplyWithin(Duration.ofMillis(500));
            locker.rollback();

            Map<Long, String> replies = new HashMap<>();
            for (int i = 0; i < 3; i++) {
                JsonNode reply = JSON.readTree(client.nextReply(Duration.ofSeconds(10)));
                replies.put(reply.get("mid").asLong(), reply.get("code").asString());
            }
            stopping.get(30, TimeUnit.SECONDS);
            assertThat(dtlsHealth.health().getStatus()).isEqualTo(Status.DOWN);

            assertThat(replies)
                    .containsExactlyInAnyOrderEntriesOf(Map.of(1L, "ok", 2L, "ok", 3L, "ok"));
            client.assertNoReplyWithin(Duration.ofMillis(500));
        } finally {
            context.close();
        }
        assertThat(readings(device)).isEqualTo(3);
    }

    private static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(DtlsIngestApplication.class)
                .properties(
                        "spring.datasource.url=" + SharedPostgres.jdbcUrl(),
                        "spring.datasource.username=postgres",
                        "spring.datasource.password=postgres",
                        "ingest.admin.token=graceful-stop-token-0123456789",
                        "ingest.secrets.key=" + IngestIntegrationTest.SECRETS_KEY,
                        "ingest.dtls.port=0",
                        "ingest.dtls.bind-address=127.0.0.1",
                        "ingest.pipeline.batch-size=1",
                        "server.port=0",
                        "management.server.port=0")
                .run();
    }

    /** Holds an exclusive lock on the readings table until the connection rolls back. */
    private static Connection lockReadings() throws Exception {
        Connection connection = connect();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("lock table readings in exclusive mode");
        }
        return connection;
    }

    private static long readings(String device) throws Exception {
        try (Connection connection = connect();
                PreparedStatement count =
                        connection.prepareStatement(
                                "select count(*) from readings where device_id = ?")) {
            count.setString(1, device);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static Connection connect() throws Exception {
        return DriverManager.getConnection(SharedPostgres.jdbcUrl(), "postgres", "postgres");
    }

    private static byte[] datagram(int messageId) {
        return ("{\"level\":" + messageId + ",\"@mid\":" + messageId + "}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
