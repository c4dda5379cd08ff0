package io.dtlsingest.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dtlsingest.device.DeviceRequests;
import io.dtlsingest.device.DeviceService;
import io.dtlsingest.support.ApiClient;
import io.dtlsingest.support.DtlsTestClient;
import io.dtlsingest.support.IngestIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.HexFormat;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import tools.jackson.databind.JsonNode;

/**
 * Verifies what operators see of the DTLS sessions through the actuator: the dtls health
 * contributor and the dtls endpoint that lists live connections and ends a device's.
 */
@IngestIntegrationTest
class DtlsActuatorTest {

    private static final String KEY = "1f1e1d1c1b1a19181716151413121110";

    @Autowired DtlsInboundChannelAdapter adapter;
    @Autowired DeviceService devices;
    @LocalManagementPort int managementPort;

    @Test
    void dtlsHealthIsUpWithItsNumbers() {
        JsonNode health = ApiClient.admin(managementPort).get("/actuator/health/dtls").json();

        assertThat(health.get("status").asString()).isEqualTo("UP");
        assertThat(health.get("details").get("address").asString()).contains("127.0.0.1");
        assertThat(health.get("details").has("activeConnections")).isTrue();
        assertThat(health.get("details").has("handshakesSucceededLastMinute")).isTrue();
        assertThat(health.get("details").has("droppedRecords")).isTrue();
    }

    @Test
    void readinessIncludesTheDatabaseTheDtlsEndpointAndThePipeline() {
        JsonNode readiness =
                ApiClient.admin(managementPort).get("/actuator/health/readiness").json();

        assertThat(readiness.get("status").asString()).isEqualTo("UP");
        assertThat(readiness.get("components").propertyNames())
                .contains("db", "dtls", "pipeline", "readinessState");
    }

    @Test
    void listsLivePskAndRpkConnectionsAndEndsADevicesConnections() throws Exception {
        String pskDevice = "live-psk-" + System.nanoTime();
        String rpkDevice = "live-rpk-" + System.nanoTime();
        KeyPair keys = p256();
        devices.create(
                new DeviceRequests.Create(
                        pskDevice, true, new DeviceRequests.Psk(pskDevice, KEY), null));
        devices.create(
                new DeviceRequests.Create(
                        rpkDevice, true, null, new DeviceRequests.Rpk(pem(keys))));
        ApiClient actuator = ApiClient.admin(managementPort);

        try (DtlsTestClient psk =
                        DtlsTestClient.psk(
                                adapter.getPort(), pskDevice, HexFormat.of().parseHex(KEY));
                DtlsTestClient rpk =
                        DtlsTestClient.rpk(
                                adapter.getPort(),
                                keys,
                                CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256)) {
            psk.exchange(reading());
            psk.exchange(reading());
            rpk.exchange(reading());

            JsonNode pskConnections = actuator.get("/actuator/dtls/" + pskDevice).json();
            JsonNode rpkPage = actuator.get("/actuator/dtls?device=" + rpkDevice).json();

            assertThat(pskConnections).hasSize(1);
            JsonNode connection = pskConnections.get(0);
            assertThat(connection.get("deviceId").asString()).isEqualTo(pskDevice);
            assertThat(connection.get("authType").asString()).isEqualTo("psk");
            assertThat(connection.get("peerAddress").asString()).startsWith("127.0.0.1:");
            assertThat(connection.get("cipherSuite").asString())
                    .isEqualTo("TLS_PSK_WITH_AES_128_CCM_8");
            assertThat(connection.get("connectionId").asString()).matches("[0-9a-f]{12}");
            assertThat(connection.get("recordsIn").asLong()).isEqualTo(2);
            assertThat(connection.get("recordsOut").asLong()).isEqualTo(2);
            assertThat(connection.get("addressChanges").asLong()).isZero();
            assertThat(connection.has("established")).isTrue();
            assertThat(connection.has("lastActivity")).isTrue();
            assertThat(rpkPage.get("total").asInt()).isEqualTo(1);
            assertThat(rpkPage.get("connections").get(0).get("authType").asString())
                    .isEqualTo("rpk");
            assertThat(rpkPage.get("connections").get(0).get("cipherSuite").asString())
                    .isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");

            JsonNode ended = actuator.delete("/actuator/dtls/" + pskDevice).json();

            assertThat(ended.get("ended").asInt()).isEqualTo(1);
            await().untilAsserted(
                            () ->
                                    assertThat(actuator.get("/actuator/dtls/" + pskDevice).json())
                                            .isEmpty());
            assertThat(actuator.get("/actuator/dtls/" + rpkDevice).json()).hasSize(1);
        }
    }

    @Test
    void theDtlsEndpointNeedsTheToken() {
        assertThat(ApiClient.anonymous(managementPort).get("/actuator/dtls").status())
                .isEqualTo(401);
    }

    private static byte[] reading() {
        return "{\"temperature\":20}".getBytes(StandardCharsets.UTF_8);
    }

    private static KeyPair p256() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static String pem(KeyPair keys) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }
}
