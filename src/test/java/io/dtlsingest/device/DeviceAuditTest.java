package io.dtlsingest.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.dtlsingest.audit.Actor;
import io.dtlsingest.support.ApiClient;
import io.dtlsingest.support.IngestIntegrationTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Verifies that every change to a device is in the audit trail with who made it, from where, what
 * it was and when: over HTTP with the token's name and the client's address, and by the rotation
 * job or another caller inside the service under the name it gives itself.
 */
@IngestIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class DeviceAuditTest {

    private static final AtomicInteger NUMBER = new AtomicInteger();
    private static final String KEY = "0f0e0d0c0b0a09080706050403020100";
    private static final String OTHER_KEY = "101112131415161718191a1b1c1d1e1f";

    @LocalServerPort int port;
    @Autowired DeviceService devices;
    @Autowired RotationScheduler rotation;
    @Autowired JdbcClient jdbc;

    ApiClient bootstrap;

    @BeforeEach
    void setUp() {
        bootstrap = ApiClient.admin(port);
    }

    @Test
    void everyDeviceChangeOverHttpIsRecordedWithTokenAddressActionAndTime(CapturedOutput output) {
        String tokenName = unique("operator");
        ApiClient operator = new ApiClient(port, adminToken(tokenName));
        String id = unique("audited");
        Instant before = Instant.now().minusSeconds(1);

        operator.post("/api/v1/devices", psk(id, id, KEY));
        operator.patch("/api/v1/devices/" + id, "{\"enabled\":false}");
        operator.patch("/api/v1/devices/" + id, "{\"enabled\":true}");
        operator.put("/api/v1/devices/" + id + "/credentials", credential(id + "-b", OTHER_KEY));
        operator.post("/api/v1/devices/" + id + "/credentials/next", credential(id + "-c", KEY));
        operator.post("/api/v1/devices/" + id + "/credentials/next/promote", "");
        operator.post("/api/v1/devices/" + id + "/credentials/next", credential(id + "-d", KEY));
        operator.delete("/api/v1/devices/" + id + "/credentials/next");
        operator.delete("/api/v1/devices/" + id);
        Instant after = Instant.now().plusSeconds(1);

        List<JsonNode> entries = entriesFor(id);
        assertThat(entries)
                .extracting(entry -> entry.get("action").asString())
                .containsExactly(
                        "device.create",
                        "device.disable",
                        "device.enable",
                        "device.credential.replace",
                        "device.credential.next.add",
                        "device.credential.next.promote",
                        "device.credential.next.add",
                        "device.credential.next.cancel",
                        "device.delete");
        for (JsonNode entry : entries) {
            assertThat(entry.get("actor").asString()).isEqualTo(tokenName);
            assertThat(entry.get("source").asString()).isEqualTo("127.0.0.1");
            assertThat(Instant.parse(entry.get("at").asString())).isBetween(before, after);
            assertThat(entry.toString()).doesNotContainIgnoringCase(KEY).doesNotContain(OTHER_KEY);
        }
        assertThat(entries.get(0).get("details").get("auth").asString()).isEqualTo("psk");
        assertThat(entries.get(0).get("details").get("enabled").asBoolean()).isTrue();
        assertThat(entries.get(4).get("details").has("promoteAt")).isTrue();
        assertThat(output.getAll())
                .contains("Audit: device.create " + id + " by " + tokenName + " from 127.0.0.1")
                .contains("Audit: device.delete " + id + " by " + tokenName)
                .doesNotContainIgnoringCase(OTHER_KEY);
    }

    @Test
    void aChangeThatFailsLeavesNoAuditEntry() {
        String id = unique("failing");
        bootstrap.post("/api/v1/devices", psk(id, id, KEY));

        ApiClient.Response clash = bootstrap.post("/api/v1/devices", psk(unique("x"), id, KEY));
        ApiClient.Response noNext =
                bootstrap.post("/api/v1/devices/" + id + "/credentials/next/promote", "");

        assertThat(clash.status()).isEqualTo(409);
        assertThat(noNext.status()).isEqualTo(400);
        assertThat(entriesFor(id))
                .extracting(entry -> entry.get("action").asString())
                .containsExactly("device.create");
    }

    @Test
    void aChangeWhoseAuditEntryCannotBeWrittenIsNotMade() {
        String id = unique("unaudited");
        jdbc.sql(
                        "alter table audit_log add constraint refuse_unaudited"
                                + " check (target not like 'unaudited-%')")
                .update();
        ApiClient.Response created;
        try {
            created = bootstrap.post("/api/v1/devices", psk(id, id, KEY));
        } finally {
            jdbc.sql("alter table audit_log drop constraint refuse_unaudited").update();
        }

        assertThat(created.status()).isEqualTo(500);
        assertThat(bootstrap.get("/api/v1/devices/" + id).status()).isEqualTo(404);
    }

    @Test
    void theAutomaticPromotionIsRecordedAsTheRotationJob() {
        String id = unique("rotating");
        bootstrap.post("/api/v1/devices", psk(id, id, KEY));
        bootstrap.post(
                "/api/v1/devices/" + id + "/credentials/next", credential(id + "-n", OTHER_KEY));
        jdbc.sql(
                        "update device_credentials set promote_at = now() - interval '1 second'"
                                + " where device_id = ? and slot = 'next'")
                .param(id)
                .update();

        rotation.promoteDue();

        JsonNode promotion = entriesFor(id).get(2);
        assertThat(promotion.get("action").asString()).isEqualTo("device.credential.next.promote");
        assertThat(promotion.get("actor").asString()).isEqualTo("system:rotation");
        assertThat(promotion.get("source").isNull()).isTrue();
    }

    @Test
    void aCallerInsideTheServiceIsRecordedUnderTheNameItGivesItself() {
        String id = unique("from-file");

        Actor.runAs(
                Actor.system("devices-file"),
                () ->
                        devices.create(
                                new DeviceRequests.Create(
                                        id, true, new DeviceRequests.Psk(id, KEY), null)));
        devices.update(id, new DeviceRequests.Update(false));

        List<JsonNode> entries = entriesFor(id);
        assertThat(entries.get(0).get("actor").asString()).isEqualTo("system:devices-file");
        assertThat(entries.get(0).get("source").isNull()).isTrue();
        assertThat(entries.get(1).get("actor").asString()).isEqualTo("system");
    }

    @Test
    void reSealingTheKeysIsRecorded() {
        long newest = newestId();

        bootstrap.post("/api/v1/secrets/reseal", "");

        JsonNode entry = bootstrap.get("/api/v1/audit?limit=1").json().get("entries").get(0);
        assertThat(entry.get("id").asLong()).isGreaterThan(newest);
        assertThat(entry.get("action").asString()).isEqualTo("device.keys.reseal");
        assertThat(entry.get("actor").asString()).isEqualTo("bootstrap");
        assertThat(entry.get("details").has("resealed")).isTrue();
        assertThat(entry.get("details").has("unreadable")).isTrue();
    }

    /** The audit entries of one target, oldest first, read through the audit endpoint. */
    private List<JsonNode> entriesFor(String target) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode entry : bootstrap.get("/api/v1/audit?limit=1000").json().get("entries")) {
            if (entry.get("target").asString().equals(target)) {
                found.add(0, entry);
            }
        }
        return found;
    }

    private long newestId() {
        JsonNode entries = bootstrap.get("/api/v1/audit?limit=1").json().get("entries");
        return entries.isEmpty() ? 0 : entries.get(0).get("id").asLong();
    }

    private String adminToken(String name) {
        ApiClient.Response created =
                bootstrap.post(
                        "/api/v1/tokens", "{\"name\":\"%s\",\"role\":\"admin\"}".formatted(name));
        return created.json().get("token").asString();
    }

    private static String unique(String prefix) {
        return prefix + "-" + NUMBER.incrementAndGet() + "-" + System.nanoTime();
    }

    private static String psk(String id, String identity, String key) {
        return """
                {"id":"%s","psk":{"identity":"%s","key":"%s"}}"""
                .formatted(id, identity, key);
    }

    private static String credential(String identity, String key) {
        return """
                {"psk":{"identity":"%s","key":"%s"}}"""
                .formatted(identity, key);
    }
}
