package io.dtlsingest.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.dtlsingest.support.ApiClient;
import io.dtlsingest.support.IngestIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The audit trail itself: token changes and ended DTLS sessions in it, paging through it newest
 * first by entry id, and the purge of entries older than the retention.
 */
@IngestIntegrationTest
class AuditTrailTest {

    private static final AtomicInteger NUMBER = new AtomicInteger();

    @LocalServerPort int port;
    @LocalManagementPort int managementPort;
    @Autowired AuditTrail audit;
    @Autowired AuditPurger purger;
    @Autowired JdbcClient jdbc;

    ApiClient bootstrap;

    @BeforeEach
    void setUp() {
        bootstrap = ApiClient.admin(port);
    }

    @Test
    void creatingAndRevokingTokensIsRecordedWithoutTheSecret() {
        String name = unique("audited-token");
        ApiClient.Response created =
                bootstrap.post(
                        "/api/v1/tokens", "{\"name\":\"%s\",\"role\":\"reader\"}".formatted(name));
        String secret = created.json().get("token").asString();
        bootstrap.delete("/api/v1/tokens/" + name);
        bootstrap.delete("/api/v1/tokens/" + name);

        List<JsonNode> entries = entriesFor(name);

        assertThat(entries)
                .extracting(entry -> entry.get("action").asString())
                .containsExactly("token.create", "token.revoke");
        assertThat(entries.get(0).get("details").get("role").asString()).isEqualTo("reader");
        assertThat(entries)
                .allSatisfy(
                        entry -> {
                            assertThat(entry.get("actor").asString()).isEqualTo("bootstrap");
                            assertThat(entry.get("source").asString()).isEqualTo("127.0.0.1");
                            assertThat(entry.toString()).doesNotContain(secret.substring(4));
                        });
    }

    @Test
    void endingADevicesSessionsThroughTheActuatorIsRecorded() {
        String device = unique("cut-off");

        ApiClient.Response ended =
                ApiClient.admin(managementPort).delete("/actuator/dtls/" + device);

        assertThat(ended.status()).isEqualTo(200);
        List<JsonNode> entries = entriesFor(device);
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).get("action").asString()).isEqualTo("dtls.sessions.end");
        assertThat(entries.get(0).get("actor").asString()).isEqualTo("bootstrap");
        assertThat(entries.get(0).get("source").asString()).isEqualTo("127.0.0.1");
        assertThat(entries.get(0).get("details").get("ended").asInt()).isZero();
    }

    @Test
    void pagesGoNewestFirstAndAreNotShiftedByNewEntries() {
        String target = unique("paged");
        Actor.runAs(
                Actor.system("test"),
                () -> {
                    for (int i = 0; i < 5; i++) {
                        audit.record("test.step", target, Map.of("step", i));
                    }
                });

        JsonNode first = bootstrap.get("/api/v1/audit?limit=2").json();
        audit.record("test.step", target, Map.of("step", 5));
        long nextBefore = first.get("nextBefore").asLong();
        JsonNode second = bootstrap.get("/api/v1/audit?limit=2&before=" + nextBefore).json();
        JsonNode third =
                bootstrap
                        .get("/api/v1/audit?limit=2&before=" + second.get("nextBefore").asLong())
                        .json();

        assertThat(steps(first)).containsExactly(4, 3);
        assertThat(steps(second)).containsExactly(2, 1);
        assertThat(steps(third).get(0)).isEqualTo(0);
        assertThat(nextBefore).isEqualTo(first.get("entries").get(1).get("id").asLong());
        assertThat(first.get("entries").get(0).get("actor").asString()).isEqualTo("system:test");
        assertThat(first.get("entries").get(0).get("source").isNull()).isTrue();
    }

    @Test
    void theLastPageSaysThereIsNoOlderOne() {
        long oldest =
                jdbc.sql("select min(id) from audit_log").query(Long.class).optional().orElse(0L);
        audit.record("test.step", unique("last"), Map.of());
        long newest = jdbc.sql("select max(id) from audit_log").query(Long.class).single();

        JsonNode last = bootstrap.get("/api/v1/audit?limit=1000&before=" + (oldest + 1)).json();
        JsonNode beyond = bootstrap.get("/api/v1/audit?before=" + oldest).json();
        JsonNode full = bootstrap.get("/api/v1/audit?limit=1&before=" + (newest + 1)).json();

        assertThat(last.get("entries")).hasSize(1);
        assertThat(last.get("nextBefore").isNull()).isTrue();
        assertThat(beyond.get("entries")).isEmpty();
        assertThat(full.get("entries").get(0).get("id").asLong()).isEqualTo(newest);
    }

    @Test
    void badPagingParametersAreBadRequests() {
        assertThat(bootstrap.get("/api/v1/audit?limit=0").status()).isEqualTo(400);
        assertThat(bootstrap.get("/api/v1/audit?limit=1001").status()).isEqualTo(400);
        assertThat(bootstrap.get("/api/v1/audit?before=zero").status()).isEqualTo(400);
        assertThat(bootstrap.get("/api/v1/audit?before=0").status()).isEqualTo(400);
    }

    @Test
    void entriesOlderThanTheRetentionArePurged() {
        String old = unique("old");
        String recent = unique("recent");
        jdbc.sql(
                        "insert into audit_log (occurred_at, actor, action, target)"
                                + " values (now() - interval '366 days', 'system:test', 'test', ?)")
                .param(old)
                .update();
        jdbc.sql(
                        "insert into audit_log (occurred_at, actor, action, target)"
                                + " values (now() - interval '364 days', 'system:test', 'test', ?)")
                .param(recent)
                .update();

        purger.purge();

        assertThat(count(old)).isZero();
        assertThat(count(recent)).isOne();
    }

    private long count(String target) {
        return jdbc.sql("select count(*) from audit_log where target = ?")
                .param(target)
                .query(Long.class)
                .single();
    }

    private static List<Integer> steps(JsonNode page) {
        List<Integer> steps = new ArrayList<>();
        page.get("entries")
                .forEach(entry -> steps.add(entry.get("details").path("step").asInt(-1)));
        return steps;
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

    private static String unique(String prefix) {
        return prefix + "-" + NUMBER.incrementAndGet() + "-" + System.nanoTime();
    }
}
