package io.dtlsingest.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import io.dtlsingest.device.DeviceRequests;
import io.dtlsingest.device.DeviceService;
import io.dtlsingest.support.DtlsTestClient;
import io.dtlsingest.support.StandaloneService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies that a device keeps its DTLS session across a full restart of the service: the first
 * application saves its connections, sealed, when it stops; the next one, on the same port and
 * state file, restores them, and the device's next datagram is stored without a new handshake.
 */
@Timeout(120)
class RestartWithoutHandshakeTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final byte[] KEY = new byte[16];

    @TempDir Path folder;

    @Test
    void aDeviceSendsOnAfterARestartWithoutANewHandshake() throws Exception {
        Path state = folder.resolve("dtls-state.bin");
        String device = "restart-" + System.nanoTime();
        ConfigurableApplicationContext first = start(0, state, "1h");
        int port = first.getBean(DtlsInboundChannelAdapter.class).getPort();
        provision(first, device);

        try (DtlsTestClient client = DtlsTestClient.psk(port, device, KEY)) {
            assertThat(code(client.exchange(reading(1)))).isEqualTo("ok");
            first.close();
            assertThat(state).exists();
            assertThat(Files.readString(state, StandardCharsets.ISO_8859_1)).doesNotContain(device);

            ConfigurableApplicationContext second = start(port, state, "1h");
            try {
                DtlsMetrics metrics = second.getBean(DtlsMetrics.class);

                assertThat(code(client.exchange(reading(2)))).isEqualTo("ok");
                assertThat(metrics.handshakesSucceededLastMinute()).isZero();
                assertThat(metrics.handshakesInProgress()).isZero();
                assertThat(readings(second, device)).isEqualTo(2);
                assertThat(state).doesNotExist();
            } finally {
                second.close();
            }
        }
    }

    @Test
    void stateOlderThanItsMaximumAgeIsDiscarded() throws Exception {
        Path state = folder.resolve("old-state.bin");
        String device = "stale-" + System.nanoTime();
        ConfigurableApplicationContext first = start(0, state, "1s");
        int port = first.getBean(DtlsInboundChannelAdapter.class).getPort();
        provision(first, device);

        try (DtlsTestClient client = DtlsTestClient.psk(port, device, KEY)) {
            client.exchange(reading(1));
            first.close();
            Thread.sleep(1500);

            ConfigurableApplicationContext second = start(port, state, "1s");
            try {
                client.send(reading(2)).get();

                client.assertNoReplyWithin(Duration.ofSeconds(1));
                assertThat(second.getBean(ConnectionRegistry.class).size()).isZero();
                assertThat(readings(second, device)).isEqualTo(1);
            } finally {
                second.close();
            }
        }
    }

    private static ConfigurableApplicationContext start(int port, Path state, String maxAge) {
        return StandaloneService.start(
                port, "ingest.dtls.state-file=" + state, "ingest.dtls.state-max-age=" + maxAge);
    }

    private static void provision(ConfigurableApplicationContext context, String device) {
        context.getBean(DeviceService.class)
                .create(
                        new DeviceRequests.Create(
                                device,
                                true,
                                new DeviceRequests.Psk(device, "00".repeat(16)),
                                null));
    }

    private static long readings(ConfigurableApplicationContext context, String device) {
        return context.getBean(JdbcClient.class)
                .sql("select count(*) from readings where device_id = ?")
                .param(device)
                .query(Long.class)
                .single();
    }

    private static byte[] reading(int value) {
        return ("{\"level\":" + value + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static String code(byte[] reply) {
        return JSON.readTree(reply).get("code").asString();
    }
}
