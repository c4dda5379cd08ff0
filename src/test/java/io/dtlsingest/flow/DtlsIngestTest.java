package io.dtlsingest.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dtlsingest.device.DeviceRequests;
import io.dtlsingest.device.DeviceService;
import io.dtlsingest.dtls.DtlsInboundChannelAdapter;
import io.dtlsingest.support.DtlsTestClient;
import io.dtlsingest.support.IngestIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.cbor.CBORMapper;

/**
 * Devices talking to the running service over real DTLS on loopback: what gets stored, what gets
 * refused, and what each device is told.
 */
@IngestIntegrationTest
class DtlsIngestTest {

    private static final AtomicInteger DEVICE_NUMBER = new AtomicInteger();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final CBORMapper CBOR = CBORMapper.builder().build();

    @Autowired DtlsInboundChannelAdapter dtls;
    @Autowired DeviceService devices;
    @Autowired JdbcClient jdbc;

    @Test
    void pskDeviceStoresSenmlJsonAndHearsOk() throws Exception {
        PskDevice device = newPskDevice();
        byte[] pack =
                """
                [{"bn":"room1/","bt":1.7e9,"bu":"Cel","n":"temp","v":21.5},
                 {"n":"hum","u":"%RH","v":40}]
                """
                        .getBytes(StandardCharsets.UTF_8);

        try (DtlsTestClient client = device.client()) {
            JsonNode reply = json(client.exchange(pack));

            assertThat(reply.get("code").asString()).isEqualTo("ok");
            assertThat(reply.get("n").asInt()).isEqualTo(2);
        }
        assertThat(texts("name || '=' || num_value || ' ' || unit", device.id))
                .containsExactly("room1/hum=40 %RH", "room1/temp=21.5 Cel");
    }

    @Test
    void pskDeviceStoresSenmlCborAndHearsCbor() throws Exception {
        PskDevice device = newPskDevice();
        // [{-2: "dev/", 0: "temp", 2: 21.5, "mid": 7}] in CBOR (RFC 8428 section 6 labels)
        byte[] pack =
                HexFormat.of()
                        .parseHex(
                                "81a4"
                                        + "21"
                                        + "646465762f"
                                        + "00"
                                        + "6474656d70"
                                        + "02"
                                        + "fb4035800000000000"
                                        + "636d6964"
                                        + "07");

        try (DtlsTestClient client = device.client()) {
            JsonNode reply = CBOR.readTree(client.exchange(pack));

            assertThat(reply.get("code").asString()).isEqualTo("ok");
            assertThat(reply.get("mid").asLong()).isEqualTo(7);
        }
        assertThat(readings(device.id)).isEqualTo(1);
        assertThat(
                        jdbc.sql("select num_value from readings where device_id = ? and name = ?")
                                .params(device.id, "dev/temp")
                                .query(Double.class)
                                .single())
                .isEqualTo(21.5);
    }

    @Test
    void pskDeviceStoresTheFlatFormAndSeveralDocumentsInOneRecord() throws Exception {
        PskDevice device = newPskDevice();
        byte[] documents =
                "{\"temperature\":21.5,\"door\":\"open\"}\n{\"armed\":true}\n"
                        .getBytes(StandardCharsets.UTF_8);

        try (DtlsTestClient client = device.client()) {
            assertThat(json(client.exchange(documents)).get("n").asInt()).isEqualTo(3);
        }
        assertThat(
                        texts(
                                "name || ':' || coalesce(num_value::text, str_value,"
                                        + " bool_value::text)",
                                device.id))
                .containsExactly("armed:true", "door:open", "temperature:21.5");
    }

    @ParameterizedTest
    @EnumSource(
            value = CipherSuite.class,
            names = {
                "TLS_PSK_WITH_AES_128_CCM_8",
                "TLS_PSK_WITH_AES_128_GCM_SHA256",
                "TLS_PSK_WITH_AES_128_CBC_SHA256",
                "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256"
            })
    void everyPskCipherSuiteIsAccepted(CipherSuite suite) throws Exception {
        PskDevice device = newPskDevice();

        try (DtlsTestClient client =
                DtlsTestClient.psk(dtls.getPort(), device.identity, device.key, suite)) {
            assertThat(json(client.exchange(reading())).get("code").asString()).isEqualTo("ok");
        }
        assertThat(readings(device.id)).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(
            value = CipherSuite.class,
            names = {
                "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8",
                "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"
            })
    void rpkDeviceStoresReadings(CipherSuite suite) throws Exception {
        KeyPair keys = p256();
        String id = "rpk-" + DEVICE_NUMBER.incrementAndGet();
        devices.create(
                new DeviceRequests.Create(id, true, null, new DeviceRequests.Rpk(pem(keys))));

        try (DtlsTestClient client = DtlsTestClient.rpk(dtls.getPort(), keys, suite)) {
            assertThat(json(client.exchange(reading())).get("code").asString()).isEqualTo("ok");
        }
        assertThat(readings(id)).isEqualTo(1);
    }

    @Test
    void unknownIdentityIsRefusedAtTheHandshake() {
        try (DtlsTestClient client = DtlsTestClient.psk(dtls.getPort(), "nobody", new byte[16])) {
            assertThat(client.send(reading())).failsWithin(15, TimeUnit.SECONDS);
        }
    }

    @Test
    void wrongKeyIsRefusedAtTheHandshakeAndStoresNothing() {
        PskDevice device = newPskDevice();
        byte[] wrongKey = device.key.clone();
        wrongKey[0] ^= 1;

        try (DtlsTestClient client =
                DtlsTestClient.psk(dtls.getPort(), device.identity, wrongKey)) {
            assertThat(client.send(reading())).failsWithin(15, TimeUnit.SECONDS);
        }
        assertThat(readings(device.id)).isZero();
        assertThat(rejections(device.id)).isZero();
    }

    @Test
    void unknownPublicKeyIsRefusedAtTheHandshake() throws Exception {
        try (DtlsTestClient client =
                DtlsTestClient.rpk(
                        dtls.getPort(), p256(), CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8)) {
            assertThat(client.send(reading())).failsWithin(15, TimeUnit.SECONDS);
        }
    }

    @Test
    void disabledDeviceIsRefusedAtTheHandshakeAndStoresNothing() {
        PskDevice device = newPskDevice();
        devices.update(device.id, new DeviceRequests.Update(false));

        try (DtlsTestClient client = device.client()) {
            assertThat(client.send(reading())).failsWithin(15, TimeUnit.SECONDS);
        }
        assertThat(readings(device.id)).isZero();
    }

    @Test
    void malformedPayloadIsAnsweredRecordedAndTheDeviceKeepsBeingServed() throws Exception {
        PskDevice device = newPskDevice();

        try (DtlsTestClient client = device.client()) {
            JsonNode rejection =
                    json(client.exchange("{\"temperature\":".getBytes(StandardCharsets.UTF_8)));
            JsonNode accepted = json(client.exchange(reading()));

            assertThat(rejection.get("code").asString()).isEqualTo("malformed");
            assertThat(rejection.get("detail").asString()).isNotBlank();
            assertThat(accepted.get("code").asString()).isEqualTo("ok");
        }
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(
                        () -> assertThat(rejectionCodes(device.id)).containsExactly("malformed"));
        assertThat(readings(device.id)).isEqualTo(1);
    }

    @Test
    void retransmittedDatagramIsStoredOnce() throws Exception {
        PskDevice device = newPskDevice();
        byte[] datagram = "[{\"n\":\"count\",\"v\":1,\"mid\":42}]".getBytes(StandardCharsets.UTF_8);

        try (DtlsTestClient client = device.client()) {
            JsonNode first = json(client.exchange(datagram));
            JsonNode second = json(client.exchange(datagram));

            assertThat(first.get("n").asInt()).isEqualTo(1);
            assertThat(first.has("dup")).isFalse();
            assertThat(second.get("code").asString()).isEqualTo("ok");
            assertThat(second.get("mid").asLong()).isEqualTo(42);
            assertThat(second.get("dup").asBoolean()).isTrue();
        }
        assertThat(readings(device.id)).isEqualTo(1);
    }

    @Test
    void replyComesOnlyAfterTheReadingsAreVisible() throws Exception {
        PskDevice device = newPskDevice();

        try (DtlsTestClient client = device.client()) {
            for (int i = 1; i <= 20; i++) {
                client.exchange(reading());

                assertThat(readings(device.id)).isEqualTo(i);
            }
        }
    }

    private PskDevice newPskDevice() {
        String id = "psk-" + DEVICE_NUMBER.incrementAndGet();
        byte[] key = new byte[16];
        new java.security.SecureRandom().nextBytes(key);
        devices.create(
                new DeviceRequests.Create(
                        id,
                        true,
                        new DeviceRequests.Psk(id + "-identity", HexFormat.of().formatHex(key)),
                        null));
        return new PskDevice(id, id + "-identity", key);
    }

    private final class PskDevice {
        final String id;
        final String identity;
        final byte[] key;

        PskDevice(String id, String identity, byte[] key) {
            this.id = id;
            this.identity = identity;
            this.key = key;
        }

        DtlsTestClient client() {
            return DtlsTestClient.psk(dtls.getPort(), identity, key);
        }
    }

    private static byte[] reading() {
        return "{\"temperature\":20}".getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode json(byte[] reply) {
        return JSON.readTree(reply);
    }

    private long readings(String deviceId) {
        return jdbc.sql("select count(*) from readings where device_id = ?")
                .param(deviceId)
                .query(Long.class)
                .single();
    }

    /** One text per reading of the device, computed by a SQL expression, sorted. */
    private List<String> texts(String expression, String deviceId) {
        return jdbc.sql("select " + expression + " from readings where device_id = ? order by 1")
                .param(deviceId)
                .query(String.class)
                .list();
    }

    private List<String> rejectionCodes(String deviceId) {
        return jdbc.sql("select code from rejected_datagrams where device_id = ?")
                .param(deviceId)
                .query(String.class)
                .list();
    }

    private long rejections(String deviceId) {
        return jdbc.sql("select count(*) from rejected_datagrams where device_id = ?")
                .param(deviceId)
                .query(Long.class)
                .single();
    }

    static KeyPair p256() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    static String pem(KeyPair keys) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }
}
