package io.dtlsingest.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.dtlsingest.device.DeviceRequests;
import io.dtlsingest.device.DeviceService;
import io.dtlsingest.dtls.DtlsInboundChannelAdapter;
import io.dtlsingest.support.DtlsTestClient;
import io.dtlsingest.support.IngestIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies that a device sending faster than its limits (by default 20 datagrams per second with a
 * burst of 40, and 500 readings per second with a burst of 1000) is answered {@code rate_limited}
 * for what is over, that those datagrams store nothing and are counted, and that other devices are
 * not affected.
 */
@IngestIntegrationTest
class RateLimitTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final byte[] KEY = HexFormat.of().parseHex("5a5b5c5d5e5f60616263646566676869");

    @Autowired DtlsInboundChannelAdapter dtls;
    @Autowired DeviceService devices;
    @Autowired JdbcClient jdbc;
    @Autowired MeterRegistry meters;

    @Test
    void datagramsBeyondTheBurstAreAnsweredRateLimitedCountedAndNotStored() throws Exception {
        String device = provision("rate-datagrams");
        String quiet = provision("rate-quiet");
        double limitedBefore = rateLimitedCount();

        List<JsonNode> replies = new ArrayList<>();
        try (DtlsTestClient client = DtlsTestClient.psk(dtls.getPort(), device, KEY)) {
            for (int mid = 1; mid <= 80; mid++) {
                client.send(utf8("{\"@mid\":" + mid + ",\"x\":1}")).get(5, TimeUnit.SECONDS);
            }
            for (int i = 0; i < 80; i++) {
                replies.add(JSON.readTree(client.nextReply()));
            }
        }

        List<JsonNode> limited =
                replies.stream()
                        .filter(r -> r.get("code").asString().equals("rate_limited"))
                        .toList();
        long ok = replies.stream().filter(r -> r.get("code").asString().equals("ok")).count();
        assertThat(limited).isNotEmpty();
        assertThat(ok + limited.size()).isEqualTo(80);
        assertThat(ok).isGreaterThanOrEqualTo(40);
        JsonNode first = limited.get(0);
        assertThat(first.get("mid").asLong()).isPositive();
        assertThat(first.get("retry_ms").asLong()).isBetween(1L, 50L);
        assertThat(first.get("detail").asString()).isEqualTo("more than 20 datagrams per second");
        assertThat(readings(device)).isEqualTo(ok);
        assertThat(rejections(device)).isZero();
        assertThat(rateLimitedCount() - limitedBefore).isEqualTo(limited.size());

        try (DtlsTestClient other = DtlsTestClient.psk(dtls.getPort(), quiet, KEY)) {
            assertThat(JSON.readTree(other.exchange(utf8("{\"x\":1}"))).get("code").asString())
                    .isEqualTo("ok");
        }
    }

    @Test
    void readingsBeyondTheirBurstAreAnsweredRateLimited() throws Exception {
        String device = provision("rate-readings");
        StringBuilder flat = new StringBuilder("{");
        for (int i = 0; i < 250; i++) {
            flat.append(i == 0 ? "" : ",").append("\"r").append(i).append("\":1");
        }
        byte[] datagram = utf8(flat.append('}').toString());

        List<String> codes = new ArrayList<>();
        try (DtlsTestClient client = DtlsTestClient.psk(dtls.getPort(), device, KEY)) {
            for (int i = 0; i < 5; i++) {
                client.send(datagram).get(5, TimeUnit.SECONDS);
            }
            for (int i = 0; i < 5; i++) {
                JsonNode reply = JSON.readTree(client.nextReply());
                codes.add(reply.get("code").asString());
                if (reply.get("code").asString().equals("rate_limited")) {
                    assertThat(reply.get("detail").asString())
                            .isEqualTo("more than 500 readings per second");
                }
            }
        }

        assertThat(codes).contains("rate_limited");
        long ok = codes.stream().filter("ok"::equals).count();
        assertThat(ok).isGreaterThanOrEqualTo(4);
        assertThat(readings(device)).isEqualTo(ok * 250);
    }

    private String provision(String prefix) {
        String id = prefix + "-" + System.nanoTime();
        devices.create(
                new DeviceRequests.Create(
                        id, true, new DeviceRequests.Psk(id, HexFormat.of().formatHex(KEY)), null));
        return id;
    }

    private double rateLimitedCount() {
        return meters.get("ingest.datagrams").tag("outcome", "rate_limited").counter().count();
    }

    private long readings(String device) {
        return jdbc.sql("select count(*) from readings where device_id = ?")
                .param(device)
                .query(Long.class)
                .single();
    }

    private long rejections(String device) {
        return jdbc.sql("select count(*) from rejected_datagrams where device_id = ?")
                .param(device)
                .query(Long.class)
                .single();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
