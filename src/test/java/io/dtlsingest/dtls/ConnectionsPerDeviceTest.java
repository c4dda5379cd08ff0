package io.dtlsingest.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dtlsingest.device.DeviceRequests;
import io.dtlsingest.device.DeviceService;
import io.dtlsingest.support.DtlsTestClient;
import io.dtlsingest.support.IngestIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies that a device holds at most four connections (the default): a fifth handshake ends its
 * least recently active connection, and the newest ones keep working, so that a rebooted device is
 * never locked out by sessions it forgot.
 */
@IngestIntegrationTest
class ConnectionsPerDeviceTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final byte[] KEY = HexFormat.of().parseHex("d0d1d2d3d4d5d6d7d8d9dadbdcdddedf");

    @Autowired DtlsInboundChannelAdapter dtls;
    @Autowired DeviceService devices;
    @Autowired ConnectionRegistry registry;
    @Autowired MeterRegistry meters;

    @Test
    void aHandshakeBeyondTheLimitEndsTheLeastRecentlyActiveConnection() throws Exception {
        String device = "multi-" + System.nanoTime();
        devices.create(
                new DeviceRequests.Create(
                        device,
                        true,
                        new DeviceRequests.Psk(device, HexFormat.of().formatHex(KEY)),
                        null));
        double supersededBefore = meters.counter("dtls.connections.superseded").count();

        List<DtlsTestClient> clients = new ArrayList<>();
        try {
            List<String> sessions = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                DtlsTestClient client = DtlsTestClient.psk(dtls.getPort(), device, KEY);
                clients.add(client);
                assertThat(code(client.exchange(reading()))).isEqualTo("ok");
                sessions.add(newSession(device, sessions));
            }
            // The second connection is now the least recently active one.
            assertThat(code(clients.get(0).exchange(reading()))).isEqualTo("ok");

            DtlsTestClient fifth = DtlsTestClient.psk(dtls.getPort(), device, KEY);
            clients.add(fifth);
            assertThat(code(fifth.exchange(reading()))).isEqualTo("ok");

            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(
                            () ->
                                    assertThat(sessionsOf(device))
                                            .hasSize(4)
                                            .contains(sessions.get(0))
                                            .doesNotContain(sessions.get(1)));
            assertThat(meters.counter("dtls.connections.superseded").count() - supersededBefore)
                    .isEqualTo(1);
            assertThat(code(clients.get(0).exchange(reading()))).isEqualTo("ok");
            assertThat(code(clients.get(3).exchange(reading()))).isEqualTo("ok");
        } finally {
            clients.forEach(DtlsTestClient::close);
        }
    }

    private String newSession(String device, List<String> known) {
        List<String> fresh = sessionsOf(device).stream().filter(id -> !known.contains(id)).toList();
        assertThat(fresh).hasSize(1);
        return fresh.get(0);
    }

    private List<String> sessionsOf(String device) {
        return registry.list(device).stream().map(LiveConnection::sessionId).toList();
    }

    private static byte[] reading() {
        return "{\"temperature\":20}".getBytes(StandardCharsets.UTF_8);
    }

    private static String code(byte[] reply) {
        return JSON.readTree(reply).get("code").asString();
    }
}
