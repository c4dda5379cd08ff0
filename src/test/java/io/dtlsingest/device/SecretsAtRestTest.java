package io.dtlsingest.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.dtlsingest.dtls.DtlsInboundChannelAdapter;
import io.dtlsingest.secrets.SecretBox;
import io.dtlsingest.secrets.SecretBoxes;
import io.dtlsingest.support.ApiClient;
import io.dtlsingest.support.DtlsTestClient;
import io.dtlsingest.support.IngestIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Device keys at rest and in transit through the service: sealed in the database, re-sealable under
 * a new key-encryption key, and absent from every answer and every log line.
 */
@IngestIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class SecretsAtRestTest {

    private static final AtomicInteger DEVICE_NUMBER = new AtomicInteger();

    /** A key-encryption key the test application does not know. */
    private static final String UNKNOWN_SECRETS_KEY =
            "dW5rbm93bi1zZWNyZXRzLWtleS0wMTIzNDU2Nzg5YWI=";

    @LocalServerPort int port;
    @Autowired DtlsInboundChannelAdapter dtls;
    @Autowired SecretBox box;
    @Autowired JdbcClient jdbc;

    ApiClient api;

    @BeforeEach
    void setUp() {
        api = ApiClient.admin(port);
    }

    @Test
    void theDatabaseHoldsNoPlaintextKey() throws Exception {
        byte[] key = randomKey();
        String id = create(key);

        String row =
                jdbc.sql(
                                "select row_to_json(c)::text from device_credentials c where device_id = ?")
                        .param(id)
                        .query(String.class)
                        .single();
        byte[] sealed =
                jdbc.sql("select psk_key_sealed from device_credentials where device_id = ?")
                        .param(id)
                        .query(byte[].class)
                        .single();

        assertThat(row).doesNotContainIgnoringCase(HexFormat.of().formatHex(key));
        assertThat(row).doesNotContain(Base64.getEncoder().encodeToString(key));
        assertThat(indexOf(sealed, key)).isEqualTo(-1);
        assertThat(row).contains("\"kek_id\":\"" + box.currentKeyId() + "\"");
        assertThat(sendsAndIsStored(id, key)).isTrue();
    }

    @Test
    void aKeySealedForOneRowDoesNotOpenInAnother() throws Exception {
        byte[] victimKey = randomKey();
        String victim = create(victimKey);
        String attacker = create(randomKey());

        jdbc.sql(
                        "update device_credentials set psk_key_sealed ="
                                + " (select psk_key_sealed from device_credentials"
                                + " where device_id = ?) where device_id = ?")
                .params(victim, attacker)
                .update();

        assertThat(sendsAndIsStored(attacker, victimKey)).isFalse();
    }

    @Test
    void keysSealedUnderAnEarlierKeyWorkAndAreResealedUnderTheCurrentOne() throws Exception {
        byte[] key = randomKey();
        String id = create(key);
        String identity = identityOf(id);
        SecretBox.Sealed underPrevious =
                SecretBoxes.sealingWith(IngestIntegrationTest.PREVIOUS_SECRETS_KEY)
                        .seal(key, PskCredential.sealContext(id, identity));
        jdbc.sql(
                        "update device_credentials set psk_key_sealed = ?, kek_id = ?"
                                + " where device_id = ?")
                .params(underPrevious.bytes(), underPrevious.keyId(), id)
                .update();
        assertThat(underPrevious.keyId()).isIn(box.earlierKeyIds());
        assertThat(sendsAndIsStored(id, key)).isTrue();

        ApiClient.Response resealed = api.post("/api/v1/secrets/reseal", "");

        assertThat(resealed.status()).isEqualTo(200);
        assertThat(resealed.json().get("resealed").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(kekIdOf(id)).isEqualTo(box.currentKeyId());
        assertThat(sendsAndIsStored(id, key)).isTrue();
    }

    @Test
    void aResealReportsKeysSealedUnderAKeyThatIsNotConfiguredAndLeavesThem() {
        byte[] key = randomKey();
        String id = create(key);
        SecretBox.Sealed underUnknown =
                SecretBoxes.sealingWith(UNKNOWN_SECRETS_KEY)
                        .seal(key, PskCredential.sealContext(id, identityOf(id)));
        int unreadableBefore =
                api.post("/api/v1/secrets/reseal", "").json().get("unreadable").asInt();

        jdbc.sql(
                        "update device_credentials set psk_key_sealed = ?, kek_id = ?"
                                + " where device_id = ?")
                .params(underUnknown.bytes(), underUnknown.keyId(), id)
                .update();
        ApiClient.Response resealed = api.post("/api/v1/secrets/reseal", "");

        assertThat(resealed.status()).isEqualTo(200);
        assertThat(resealed.json().get("unreadable").asInt()).isEqualTo(unreadableBefore + 1);
        assertThat(kekIdOf(id)).isEqualTo(underUnknown.keyId());
    }

    @Test
    void keysAreWriteOnlyAndNeverLogged(CapturedOutput output) throws Exception {
        byte[] key = randomKey();
        String hex = HexFormat.of().formatHex(key);
        String id = create(key);
        byte[] next = randomKey();
        api.post(
                "/api/v1/devices/" + id + "/credentials/next",
                "{\"psk\":{\"identity\":\"next-"
                        + id
                        + "\",\"key\":\""
                        + HexFormat.of().formatHex(next)
                        + "\"}}");

        String shown = api.get("/api/v1/devices/" + id).body();
        String listed = api.get("/api/v1/devices?limit=1000").body();
        assertThat(sendsAndIsStored(id, key)).isTrue();
        api.patch("/api/v1/devices/" + id, "{\"enabled\":false}");

        for (String text : new String[] {shown, listed, output.getAll()}) {
            assertThat(text)
                    .doesNotContainIgnoringCase(hex)
                    .doesNotContainIgnoringCase(HexFormat.of().formatHex(next))
                    .doesNotContain(Base64.getEncoder().encodeToString(key));
        }
        assertThat(shown).contains(id).doesNotContain("\"key\"");
    }

    private String create(byte[] key) {
        String id = "sealed-" + DEVICE_NUMBER.incrementAndGet();
        ApiClient.Response created =
                api.post(
                        "/api/v1/devices",
                        "{\"id\":\""
                                + id
                                + "\",\"psk\":{\"identity\":\""
                                + id
                                + "-psk\",\"key\":\""
                                + HexFormat.of().formatHex(key)
                                + "\"}}");
        assertThat(created.status()).isEqualTo(201);
        return id;
    }

    private boolean sendsAndIsStored(String id, byte[] key) throws Exception {
        int before = readings(id);
        try (DtlsTestClient client = DtlsTestClient.psk(dtls.getPort(), identityOf(id), key)) {
            client.send("{\"t\":1}".getBytes(StandardCharsets.UTF_8)).get();
            client.nextReply();
        } catch (java.util.concurrent.ExecutionException handshakeFailed) {
            return false;
        }
        return readings(id) == before + 1;
    }

    private String identityOf(String id) {
        return id + "-psk";
    }

    private String kekIdOf(String id) {
        return jdbc.sql("select kek_id from device_credentials where device_id = ?")
                .param(id)
                .query(String.class)
                .single();
    }

    private int readings(String id) {
        return jdbc.sql("select count(*) from readings where device_id = ?")
                .param(id)
                .query(Integer.class)
                .single();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] randomKey() {
        byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
