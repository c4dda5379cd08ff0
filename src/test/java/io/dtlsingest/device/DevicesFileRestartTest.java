package io.dtlsingest.device;

import static io.dtlsingest.device.DevicesFileSyncTest.hex;
import static io.dtlsingest.device.DevicesFileSyncTest.randomKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.dtlsingest.dtls.DtlsInboundChannelAdapter;
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

/**
 * Verifies that the devices file applied at start also reaches the DTLS sessions saved at the last
 * stop: a key the file changed while the service was down does not live on in a restored session.
 */
@Timeout(120)
class DevicesFileRestartTest {

    @TempDir Path folder;

    @Test
    void aKeyChangedWhileTheServiceWasDownEndsTheSessionItSavedWithTheOldKey() throws Exception {
        Path devices = folder.resolve("devices.yaml");
        Path state = folder.resolve("dtls-state.bin");
        String device = "restarted-" + System.nanoTime();
        byte[] oldKey = randomKey();
        byte[] newKey = randomKey();
        Files.writeString(devices, file(device, oldKey));
        ConfigurableApplicationContext first = start(0, devices, state);
        int port = first.getBean(DtlsInboundChannelAdapter.class).getPort();

        try (DtlsTestClient old = DtlsTestClient.psk(port, device, oldKey)) {
            assertThat(reply(old)).contains("\"ok\"");
            first.close();
            assertThat(state).exists();
            Files.writeString(devices, file(device, newKey));

            ConfigurableApplicationContext second = start(port, devices, state);
            try {
                old.send(reading()).get();

                old.assertNoReplyWithin(Duration.ofSeconds(1));
                assertThat(readings(second, device)).isEqualTo(1);
                try (DtlsTestClient fresh = DtlsTestClient.psk(port, device, newKey)) {
                    assertThat(reply(fresh)).contains("\"ok\"");
                }
                assertThat(readings(second, device)).isEqualTo(2);
            } finally {
                second.close();
            }
        }
    }

    private static String file(String device, byte[] key) {
        return "devices:\n  - id: "
                + device
                + "\n    psk: {identity: "
                + device
                + ", key: "
                + hex(key)
                + "}\n";
    }

    private static ConfigurableApplicationContext start(int port, Path devices, Path state) {
        return StandaloneService.start(
                port, "ingest.dtls.state-file=" + state, "ingest.devices.file=" + devices);
    }

    private static String reply(DtlsTestClient client) throws Exception {
        return new String(client.exchange(reading()), StandardCharsets.UTF_8);
    }

    private static long readings(ConfigurableApplicationContext context, String device) {
        return context.getBean(JdbcClient.class)
                .sql("select count(*) from readings where device_id = ?")
                .param(device)
                .query(Long.class)
                .single();
    }

    private static byte[] reading() {
        return "{\"level\":1}".getBytes(StandardCharsets.UTF_8);
    }
}
