package io.dtlsingest.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.dtlsingest.support.ApiClient;
import io.dtlsingest.support.IngestIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Named API tokens: created with their secret shown once and stored only as a digest, limited by
 * their role, refused once revoked, and looked up in the database once per cache time.
 */
@IngestIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class ApiTokenTest {

    private static final AtomicInteger NUMBER = new AtomicInteger();
    private static final String KEY = "00112233445566778899aabbccddeeff";

    @LocalServerPort int port;
    @LocalManagementPort int managementPort;
    @Autowired JdbcClient jdbc;

    ApiClient bootstrap;

    @BeforeEach
    void setUp() {
        bootstrap = ApiClient.admin(port);
    }

    @Test
    void createsATokenWhoseSecretIsShownOnlyInTheAnswerToItsCreation() {
        String name = uniqueName();

        ApiClient.Response created = create(name, "reader");
        String secret = created.json().get("token").asString();
        ApiClient.Response shown = bootstrap.get("/api/v1/tokens/" + name);
        ApiClient.Response listed = bootstrap.get("/api/v1/tokens?limit=1000");

        assertThat(created.status()).isEqualTo(201);
        assertThat(secret).matches("dti_[A-Za-z0-9_-]{43}");
        assertThat(created.json().get("name").asString()).isEqualTo(name);
        assertThat(created.json().get("role").asString()).isEqualTo("reader");
        assertThat(created.json().get("createdBy").asString()).isEqualTo("bootstrap");
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.json().get("role").asString()).isEqualTo("reader");
        assertThat(shown.json().get("createdBy").asString()).isEqualTo("bootstrap");
        assertThat(shown.json().has("createdAt")).isTrue();
        assertThat(shown.json().get("revokedAt").isNull()).isTrue();
        assertThat(shown.json().has("token")).isFalse();
        assertThat(listed.body()).contains("\"" + name + "\"");
        assertThat(shown.body()).doesNotContain(secret);
        assertThat(listed.body()).doesNotContain(secret);
    }

    @Test
    void theDatabaseHoldsOnlyTheSha256DigestOfAToken(CapturedOutput output) {
        String name = uniqueName();
        String secret = secretOf(create(name, "admin"));
        new ApiClient(port, secret).get("/api/v1/devices");

        byte[] stored =
                jdbc.sql("select token_hash from api_tokens where name = ?")
                        .param(name)
                        .query(byte[].class)
                        .single();

        assertThat(stored).isEqualTo(ApiTokens.digest(secret));
        String randomPart = secret.substring("dti_".length());
        for (String table : tables()) {
            assertThat(rowsAsText(table, randomPart)).as(table).isZero();
        }
        assertThat(output.getAll()).doesNotContain(randomPart);
    }

    @Test
    void aReaderMayReadDevicesReadingsAndTheActuatorButChangeNothing() {
        String device = uniqueName();
        bootstrap.post("/api/v1/devices", pskBody(device));
        String name = uniqueName();
        ApiClient reader = new ApiClient(port, secretOf(create(name, "reader")));
        ApiClient readerActuator =
                new ApiClient(managementPort, secretOf(create(name + "m", "reader")));

        assertThat(reader.get("/api/v1/devices").status()).isEqualTo(200);
        assertThat(reader.get("/api/v1/devices/" + device).status()).isEqualTo(200);
        assertThat(reader.get("/api/v1/devices/" + device + "/readings").status()).isEqualTo(200);
        assertThat(readerActuator.get("/actuator/dtls").status()).isEqualTo(200);
        assertThat(readerActuator.get("/actuator/prometheus").status()).isEqualTo(200);
        assertThat(readerActuator.get("/actuator/health").json().has("components")).isTrue();

        ApiClient.Response create = reader.post("/api/v1/devices", pskBody(uniqueName()));
        assertThat(create.status()).isEqualTo(403);
        assertThat(create.json().get("detail").asString())
                .contains("the token " + name + " has the role reader")
                .contains("needs the role admin");
        assertThat(reader.patch("/api/v1/devices/" + device, "{\"enabled\":false}").status())
                .isEqualTo(403);
        assertThat(reader.put("/api/v1/devices/" + device + "/credentials", "{}").status())
                .isEqualTo(403);
        assertThat(reader.delete("/api/v1/devices/" + device).status()).isEqualTo(403);
        assertThat(reader.post("/api/v1/secrets/reseal", "").status()).isEqualTo(403);
        assertThat(reader.get("/api/v1/tokens").status()).isEqualTo(403);
        assertThat(reader.post("/api/v1/tokens", tokenBody(uniqueName(), "admin")).status())
                .isEqualTo(403);
        assertThat(reader.get("/api/v1/audit").status()).isEqualTo(403);
        assertThat(readerActuator.delete("/actuator/dtls/" + device).status()).isEqualTo(403);
        assertThat(bootstrap.get("/api/v1/devices/" + device).json().get("enabled").asBoolean())
                .isTrue();
    }

    @Test
    void anAdminTokenMayChangeDevicesManageTokensAndEndSessions() {
        String secret = secretOf(create(uniqueName(), "admin"));
        ApiClient admin = new ApiClient(port, secret);
        String device = uniqueName();

        assertThat(admin.post("/api/v1/devices", pskBody(device)).status()).isEqualTo(201);
        assertThat(admin.patch("/api/v1/devices/" + device, "{\"enabled\":false}").status())
                .isEqualTo(200);
        assertThat(admin.post("/api/v1/tokens", tokenBody(uniqueName(), "reader")).status())
                .isEqualTo(201);
        assertThat(admin.get("/api/v1/tokens").status()).isEqualTo(200);
        assertThat(admin.get("/api/v1/audit").status()).isEqualTo(200);
        assertThat(
                        new ApiClient(managementPort, secret)
                                .delete("/actuator/dtls/" + device)
                                .status())
                .isEqualTo(200);
    }

    @Test
    void noTokenAnUnknownTokenOrAMalformedOneIsUnauthorizedOnBothPorts() {
        String unknown = "dti_" + "A".repeat(43);
        for (int p : new int[] {port, managementPort}) {
            String path = p == port ? "/api/v1/devices" : "/actuator/metrics";

            assertThat(ApiClient.anonymous(p).get(path).status()).isEqualTo(401);
            assertThat(new ApiClient(p, unknown).get(path).status()).isEqualTo(401);
            assertThat(new ApiClient(p, "not a token at all").get(path).status()).isEqualTo(401);
            assertThat(new ApiClient(p, "").get(path).status()).isEqualTo(401);
        }
        assertThat(
                        new ApiClient(port, unknown)
                                .post("/api/v1/devices", pskBody(uniqueName()))
                                .status())
                .isEqualTo(401);
    }

    @Test
    void theChallengeSaysWhetherATokenWasSentAndRejected() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI devices = URI.create("http://127.0.0.1:" + port + "/api/v1/devices");

        HttpResponse<Void> none =
                http.send(
                        HttpRequest.newBuilder(devices).build(),
                        HttpResponse.BodyHandlers.discarding());
        HttpResponse<Void> rejected =
                http.send(
                        HttpRequest.newBuilder(devices)
                                .header("Authorization", "Bearer dti_" + "B".repeat(43))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());

        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(rejected.statusCode()).isEqualTo(401);
        assertThat(rejected.headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer error=\"invalid_token\"");
    }

    @Test
    void aRevokedTokenStopsWorkingAtOnce() {
        String name = uniqueName();
        String secret = secretOf(create(name, "admin"));
        ApiClient token = new ApiClient(port, secret);
        ApiClient actuator = new ApiClient(managementPort, secret);
        assertThat(token.get("/api/v1/devices").status()).isEqualTo(200);
        assertThat(actuator.get("/actuator/dtls").status()).isEqualTo(200);

        ApiClient.Response revoked = bootstrap.delete("/api/v1/tokens/" + name);

        assertThat(revoked.status()).isEqualTo(204);
        assertThat(token.get("/api/v1/devices").status()).isEqualTo(401);
        assertThat(actuator.get("/actuator/dtls").status()).isEqualTo(401);
        JsonNode shown = bootstrap.get("/api/v1/tokens/" + name).json();
        assertThat(shown.get("revokedAt").isNull()).isFalse();
        assertThat(shown.get("revokedBy").asString()).isEqualTo("bootstrap");
    }

    @Test
    void aTokenRevokedThroughAnotherInstanceStopsWhenRevokedHereToo() {
        String name = uniqueName();
        ApiClient token = new ApiClient(port, secretOf(create(name, "reader")));
        assertThat(token.get("/api/v1/devices").status()).isEqualTo(200);
        jdbc.sql("update api_tokens set revoked_at = now(), revoked_by = 'other' where name = ?")
                .param(name)
                .update();

        ApiClient.Response revokedAgain = bootstrap.delete("/api/v1/tokens/" + name);

        assertThat(revokedAgain.status()).isEqualTo(204);
        assertThat(token.get("/api/v1/devices").status()).isEqualTo(401);
        assertThat(bootstrap.get("/api/v1/tokens/" + name).json().get("revokedBy").asString())
                .isEqualTo("other");
    }

    @Test
    void aTokenInUseIsLookedUpOncePerCacheTimeNotOnEveryRequest() {
        String name = uniqueName();
        ApiClient token = new ApiClient(port, secretOf(create(name, "reader")));
        assertThat(token.get("/api/v1/devices").status()).isEqualTo(200);
        Instant marker = Instant.parse("2001-01-01T00:00:00Z");
        jdbc.sql("update api_tokens set last_used_at = ? where name = ?")
                .params(Timestamp.from(marker), name)
                .update();

        assertThat(token.get("/api/v1/devices").status()).isEqualTo(200);
        assertThat(token.get("/api/v1/devices").status()).isEqualTo(200);

        Timestamp lastUsed =
                jdbc.sql("select last_used_at from api_tokens where name = ?")
                        .param(name)
                        .query(Timestamp.class)
                        .single();
        assertThat(lastUsed.toInstant()).isEqualTo(marker);
    }

    @Test
    void aFirstUseIsShownAsLastUsed() {
        String name = uniqueName();
        Instant before = Instant.now().minusSeconds(1);
        new ApiClient(port, secretOf(create(name, "reader"))).get("/api/v1/devices");

        JsonNode shown = bootstrap.get("/api/v1/tokens/" + name).json();

        assertThat(Instant.parse(shown.get("lastUsedAt").asString())).isAfter(before);
    }

    @Test
    void badTokenRequestsSayWhatIsWrong() {
        String taken = uniqueName();
        create(taken, "reader");
        String revoked = uniqueName();
        create(revoked, "reader");
        bootstrap.delete("/api/v1/tokens/" + revoked);

        assertProblem(
                bootstrap.post("/api/v1/tokens", "{\"role\":\"reader\"}"), 400, "name is required");
        assertProblem(
                bootstrap.post("/api/v1/tokens", tokenBody("has space", "reader")),
                400,
                "name is required");
        assertProblem(
                bootstrap.post("/api/v1/tokens", tokenBody(uniqueName(), "root")),
                400,
                "role must be admin or reader");
        assertProblem(
                bootstrap.post("/api/v1/tokens", tokenBody(taken, "admin")), 409, "not reused");
        assertProblem(
                bootstrap.post("/api/v1/tokens", tokenBody(revoked, "reader")), 409, "not reused");
        assertProblem(
                bootstrap.post("/api/v1/tokens", tokenBody("bootstrap", "admin")), 409, "reserved");
        assertProblem(bootstrap.delete("/api/v1/tokens/nobody-" + taken), 404, "no token named");
        assertProblem(bootstrap.delete("/api/v1/tokens/bootstrap"), 400, "ingest.admin.token");
        assertThat(bootstrap.get("/api/v1/tokens/nobody-" + taken).status()).isEqualTo(404);
    }

    private void assertProblem(ApiClient.Response response, int status, String detail) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.json().get("detail").asString()).contains(detail);
    }

    private ApiClient.Response create(String name, String role) {
        ApiClient.Response created = bootstrap.post("/api/v1/tokens", tokenBody(name, role));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created;
    }

    private static String secretOf(ApiClient.Response created) {
        return created.json().get("token").asString();
    }

    private List<String> tables() {
        return jdbc.sql(
                        "select table_name from information_schema.tables"
                                + " where table_schema = 'public' and table_type = 'BASE TABLE'")
                .query(String.class)
                .list();
    }

    /** Rows of a table whose text form contains {@code text}. */
    private long rowsAsText(String table, String text) {
        return jdbc.sql(
                        "select count(*) from \"%s\" t where strpos(t::text, ?) > 0"
                                .formatted(table))
                .param(text)
                .query(Long.class)
                .single();
    }

    private static String uniqueName() {
        return "tok-" + NUMBER.incrementAndGet() + "-" + System.nanoTime();
    }

    private static String tokenBody(String name, String role) {
        return """
                {"name":"%s","role":"%s"}"""
                .formatted(name, role);
    }

    private static String pskBody(String id) {
        return """
                {"id":"%s","psk":{"identity":"%s","key":"%s"}}"""
                .formatted(id, id, KEY);
    }
}
