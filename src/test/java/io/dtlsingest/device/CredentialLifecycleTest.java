package io.dtlsingest.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dtlsingest.dtls.DtlsInboundChannelAdapter;
import io.dtlsingest.support.ApiClient;
import io.dtlsingest.support.DtlsTestClient;
import io.dtlsingest.support.IngestIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Revoking and rotating credentials while devices are connected: a revoked session stores nothing
 * more, and a rotation lets both credentials in until the next one takes over.
 */
@IngestIntegrationTest
class CredentialLifecycleTest {

    private static final AtomicInteger DEVICE_NUMBER = new AtomicInteger();
    private static final Duration SILENCE = Duration.ofMillis(1500);

    @LocalServerPort int port;
    @Autowired DtlsInboundChannelAdapter dtls;
    @Autowired RotationScheduler rotation;
    @Autowired JdbcClient jdbc;

    ApiClient api;

    @BeforeEach
    void setUp() {
        api = ApiClient.admin(port);
    }

    @Test
    void disablingADeviceEndsItsOpenSession() throws Exception {
        Psk device = newPskDevice();

        try (DtlsTestClient client = connect(device)) {
            assertStored(client, device, 1);

            assertThat(api.patch("/api/v1/devices/" + device.id, "{\"enabled\":false}").status())
                    .isEqualTo(200);

            assertRefused(client, device, 1);
        }
    }

    @Test
    void deletingADeviceEndsItsOpenSession() throws Exception {
        Psk device = newPskDevice();

        try (DtlsTestClient client = connect(device)) {
            assertStored(client, device, 1);

            assertThat(api.delete("/api/v1/devices/" + device.id).status()).isEqualTo(204);

            assertRefused(client, device, 1);
        }
    }

    @Test
    void replacingTheCredentialEndsSessionsOfTheOldOneAndAdmitsTheNewOne() throws Exception {
        Psk device = newPskDevice();
        Psk replacement = device.withNewKey("replaced-" + device.id);

        try (DtlsTestClient old = connect(device)) {
            assertStored(old, device, 1);

            assertThat(
                            api.put(
                                            "/api/v1/devices/" + device.id + "/credentials",
                                            replacement.json())
                                    .status())
                    .isEqualTo(200);

            assertRefused(old, device, 1);
        }
        try (DtlsTestClient fresh = connect(replacement)) {
            assertStored(fresh, device, 2);
        }
        assertHandshakeFails(device);
    }

    @Test
    void duringARotationBothCredentialsWorkUntilTheOperatorPromotesTheNextOne() throws Exception {
        Psk device = newPskDevice();
        Psk next = device.withNewKey("next-" + device.id);
        String body = "{\"psk\":" + next.pskJson() + ",\"overlap\":\"P1D\"}";

        ApiClient.Response added =
                api.post("/api/v1/devices/" + device.id + "/credentials/next", body);

        assertThat(added.status()).isEqualTo(201);
        assertThat(added.json().at("/next/psk/identity").asString()).isEqualTo(next.identity);
        assertThat(added.json().at("/psk/identity").asString()).isEqualTo(device.identity);
        try (DtlsTestClient current = connect(device);
                DtlsTestClient upcoming = connect(next)) {
            assertStored(current, device, 1);
            assertStored(upcoming, device, 2);

            ApiClient.Response promoted =
                    api.post("/api/v1/devices/" + device.id + "/credentials/next/promote", "");

            assertThat(promoted.status()).isEqualTo(200);
            assertThat(promoted.json().at("/psk/identity").asString()).isEqualTo(next.identity);
            assertThat(promoted.json().has("next")).isFalse();
            assertRefused(current, device, 2);
            assertStored(upcoming, device, 3);
        }
        assertHandshakeFails(device);
    }

    @Test
    void theNextCredentialTakesOverByItselfWhenTheOverlapRunsOut() throws Exception {
        Psk device = newPskDevice();
        Psk next = device.withNewKey("due-" + device.id);
        api.post(
                "/api/v1/devices/" + device.id + "/credentials/next",
                "{\"psk\":" + next.pskJson() + ",\"overlap\":\"PT1H\"}");

        try (DtlsTestClient current = connect(device)) {
            assertStored(current, device, 1);

            jdbc.sql(
                            "update device_credentials set promote_at = ?"
                                    + " where device_id = ? and slot = 'next'")
                    .params(java.sql.Timestamp.from(Instant.now().minusSeconds(1)), device.id)
                    .update();
            rotation.promoteDue();

            assertRefused(current, device, 1);
        }
        assertThat(api.get("/api/v1/devices/" + device.id).json().at("/psk/identity").asString())
                .isEqualTo(next.identity);
        try (DtlsTestClient upcoming = connect(next)) {
            assertStored(upcoming, device, 2);
        }
    }

    @Test
    void cancellingARotationEndsSessionsOfTheNextCredentialOnly() throws Exception {
        Psk device = newPskDevice();
        Psk next = device.withNewKey("cancel-" + device.id);
        api.post(
                "/api/v1/devices/" + device.id + "/credentials/next",
                "{\"psk\":" + next.pskJson() + "}");

        try (DtlsTestClient current = connect(device);
                DtlsTestClient upcoming = connect(next)) {
            assertStored(current, device, 1);
            assertStored(upcoming, device, 2);

            assertThat(api.delete("/api/v1/devices/" + device.id + "/credentials/next").status())
                    .isEqualTo(204);

            assertRefused(upcoming, device, 2);
            assertStored(current, device, 3);
        }
    }

    @Test
    void aRotationRequestIsCheckedBeforeAnythingChanges() {
        Psk device = newPskDevice();
        String next = "/api/v1/devices/" + device.id + "/credentials/next";
        String psk = device.withNewKey("checked-" + device.id).pskJson();

        ApiClient.Response badOverlap = api.post(next, "{\"psk\":" + psk + ",\"overlap\":\"7d\"}");
        ApiClient.Response tooLong = api.post(next, "{\"psk\":" + psk + ",\"overlap\":\"P999D\"}");
        ApiClient.Response nothingToPromote = api.post(next + "/promote", "");
        ApiClient.Response first = api.post(next, "{\"psk\":" + psk + "}");
        ApiClient.Response second = api.post(next, "{\"psk\":" + psk + "}");

        assertThat(badOverlap.status()).isEqualTo(400);
        assertThat(badOverlap.json().get("detail").asString()).contains("ISO-8601");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(nothingToPromote.status()).isEqualTo(400);
        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(409);
    }

    private Psk newPskDevice() {
        int number = DEVICE_NUMBER.incrementAndGet();
        Psk device = new Psk("life-" + number, "life-psk-" + number, randomKey());
        ApiClient.Response created =
                api.post(
                        "/api/v1/devices",
                        "{\"id\":\"" + device.id + "\",\"psk\":" + device.pskJson() + "}");
        assertThat(created.status()).isEqualTo(201);
        return device;
    }

    private void assertStored(DtlsTestClient client, Psk device, int readingsAfter)
            throws Exception {
        String reply = new String(client.exchange(reading()), StandardCharsets.UTF_8);

        assertThat(reply).contains("\"ok\"");
        assertThat(readings(device.id)).isEqualTo(readingsAfter);
    }

    /** The session is gone: the record is neither stored nor answered. */
    private void assertRefused(DtlsTestClient client, Psk device, int readingsBefore)
            throws Exception {
        client.send(reading());

        client.assertNoReplyWithin(SILENCE);
        assertThat(readings(device.id)).isEqualTo(readingsBefore);
    }

    private void assertHandshakeFails(Psk credential) {
        try (DtlsTestClient client = connect(credential)) {
            assertThatThrownBy(() -> client.send(reading()).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class);
        }
    }

    private DtlsTestClient connect(Psk credential) {
        return DtlsTestClient.psk(dtls.getPort(), credential.identity, credential.key);
    }

    private int readings(String deviceId) {
        return jdbc.sql("select count(*) from readings where device_id = ?")
                .param(deviceId)
                .query(Integer.class)
                .single();
    }

    private static byte[] reading() {
        return "{\"temperature\":20.5}".getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] randomKey() {
        byte[] key = new byte[16];
        new java.security.SecureRandom().nextBytes(key);
        return key;
    }

    private record Psk(String id, String identity, byte[] key) {

        Psk withNewKey(String newIdentity) {
            return new Psk(id, newIdentity, randomKey());
        }

        String pskJson() {
            return "{\"identity\":\""
                    + identity
                    + "\",\"key\":\""
                    + HexFormat.of().formatHex(key)
                    + "\"}";
        }

        String json() {
            return "{\"psk\":" + pskJson() + "}";
        }
    }
}
