package io.dtlsingest.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.dtlsingest.support.ApiClient;
import io.dtlsingest.support.IngestIntegrationTest;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The provisioning API as an operator uses it over HTTP, with the bearer token. */
@IngestIntegrationTest
class DeviceApiTest {

    private static final AtomicInteger NUMBER = new AtomicInteger();
    private static final String KEY = "00112233445566778899aabbccddeeff";

    @LocalServerPort int port;
    @LocalManagementPort int managementPort;

    ApiClient api;

    @BeforeEach
    void client() {
        api = ApiClient.admin(port);
    }

    @Test
    void createsAPskDeviceAndNeverReturnsItsKey() {
        String id = uniqueId();

        ApiClient.Response created = api.post("/api/v1/devices", pskBody(id, id, KEY));
        ApiClient.Response fetched = api.get("/api/v1/devices/" + id);
        ApiClient.Response listed = api.get("/api/v1/devices?limit=1000");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("auth").asString()).isEqualTo("psk");
        assertThat(created.json().get("psk").get("identity").asString()).isEqualTo(id);
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.json().get("enabled").asBoolean()).isTrue();
        assertThat(listed.body()).contains("\"" + id + "\"");
        for (ApiClient.Response response : new ApiClient.Response[] {created, fetched, listed}) {
            assertThat(response.body()).doesNotContainIgnoringCase(KEY);
        }
    }

    @Test
    void createsAnRpkDeviceFromAPemPublicKey() throws Exception {
        String id = uniqueId();
        String pem = p256Pem();

        ApiClient.Response created = api.post("/api/v1/devices", rpkBody(id, pem));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("auth").asString()).isEqualTo("rpk");
        assertThat(created.json().get("rpk").get("publicKey").asString())
                .startsWith("-----BEGIN PUBLIC KEY-----");
    }

    @Test
    void duplicateIdIdentityOrPublicKeyIsAConflict() throws Exception {
        String id = uniqueId();
        String pem = p256Pem();
        api.post("/api/v1/devices", pskBody(id, id, KEY));
        String rpkId = uniqueId();
        api.post("/api/v1/devices", rpkBody(rpkId, pem));

        ApiClient.Response sameId = api.post("/api/v1/devices", pskBody(id, uniqueId(), KEY));
        ApiClient.Response sameIdentity = api.post("/api/v1/devices", pskBody(uniqueId(), id, KEY));
        ApiClient.Response sameKey = api.post("/api/v1/devices", rpkBody(uniqueId(), pem));

        assertThat(sameId.status()).isEqualTo(409);
        assertThat(sameId.json().get("detail").asString()).contains("id " + id);
        assertThat(sameIdentity.status()).isEqualTo(409);
        assertThat(sameIdentity.json().get("detail").asString()).contains("PSK identity");
        assertThat(sameKey.status()).isEqualTo(409);
        assertThat(sameKey.json().get("detail").asString()).contains("public key");
    }

    @Test
    void badInputIsABadRequestThatSaysWhatIsWrong() {
        assertBadRequest(pskBody("bad id!", "x", KEY), "id is required");
        assertBadRequest(pskBody(uniqueId(), "x", "zz"), "psk.key must be hexadecimal");
        assertBadRequest(pskBody(uniqueId(), "x", "0011"), "psk.key must be 16 to 64 bytes");
        assertBadRequest(pskBody(uniqueId(), "", KEY), "psk.identity is required");
        assertBadRequest("{\"id\":\"" + uniqueId() + "\"}", "exactly one of psk or rpk");
        assertBadRequest(rpkBody(uniqueId(), "not a key"), "rpk.publicKey must be a PEM block");
        assertBadRequest("{\"id\":", "");
    }

    @Test
    void disablingAndDeletingADevice() {
        String id = uniqueId();
        api.post("/api/v1/devices", pskBody(id, id, KEY));

        ApiClient.Response disabled = api.patch("/api/v1/devices/" + id, "{\"enabled\":false}");
        ApiClient.Response deleted = api.delete("/api/v1/devices/" + id);

        assertThat(disabled.status()).isEqualTo(200);
        assertThat(disabled.json().get("enabled").asBoolean()).isFalse();
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(api.get("/api/v1/devices/" + id).status()).isEqualTo(404);
        assertThat(api.delete("/api/v1/devices/" + id).status()).isEqualTo(404);
        assertThat(api.patch("/api/v1/devices/" + id, "{\"enabled\":true}").status())
                .isEqualTo(404);
    }

    @Test
    void everyApiCallNeedsTheBearerToken() {
        ApiClient.Response anonymous = ApiClient.anonymous(port).get("/api/v1/devices");
        ApiClient.Response wrongToken =
                new ApiClient(port, "not-the-token-0123456789").get("/api/v1/devices");
        ApiClient.Response wrongCreate =
                new ApiClient(port, "x").post("/api/v1/devices", pskBody(uniqueId(), "y", KEY));

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(wrongToken.status()).isEqualTo(401);
        assertThat(wrongCreate.status()).isEqualTo(401);
    }

    @Test
    void healthAnswersWithoutATokenOnTheManagementPortButOtherEndpointsDoNot() {
        ApiClient anonymous = ApiClient.anonymous(managementPort);

        assertThat(anonymous.get("/actuator/health").status()).isEqualTo(200);
        assertThat(anonymous.get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(anonymous.get("/actuator/metrics").status()).isEqualTo(401);
        assertThat(anonymous.get("/actuator/prometheus").status()).isEqualTo(401);
        assertThat(ApiClient.admin(managementPort).get("/actuator/prometheus").status())
                .isEqualTo(200);
    }

    @Test
    void readingsOfAnUnknownDeviceAreNotFound() {
        assertThat(api.get("/api/v1/devices/nobody-here/readings").status()).isEqualTo(404);
    }

    private void assertBadRequest(String body, String detail) {
        ApiClient.Response response = api.post("/api/v1/devices", body);

        assertThat(response.status()).as(body).isEqualTo(400);
        JsonNode problem = response.json();
        assertThat(problem.get("detail").asString()).as(body).contains(detail);
    }

    private static String uniqueId() {
        return "api-" + NUMBER.incrementAndGet() + "-" + System.nanoTime();
    }

    private static String pskBody(String id, String identity, String key) {
        return """
                {"id":"%s","psk":{"identity":"%s","key":"%s"}}"""
                .formatted(id, identity, key);
    }

    private static String rpkBody(String id, String pem) {
        return """
                {"id":"%s","rpk":{"publicKey":"%s"}}"""
                .formatted(id, pem.replace("\n", "\\n"));
    }

    private static String p256Pem() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        byte[] der = generator.generateKeyPair().getPublic().getEncoded();
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END PUBLIC KEY-----";
    }
}
