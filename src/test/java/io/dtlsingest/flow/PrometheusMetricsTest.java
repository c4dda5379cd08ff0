package io.dtlsingest.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.dtlsingest.device.DeviceRequests;
import io.dtlsingest.device.DeviceService;
import io.dtlsingest.dtls.DtlsInboundChannelAdapter;
import io.dtlsingest.support.ApiClient;
import io.dtlsingest.support.DtlsTestClient;
import io.dtlsingest.support.IngestIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;

/**
 * Verifies that the Prometheus scrape carries the ingest and DTLS metrics with the counts that
 * traffic caused, by comparing each before and after a known exchange.
 */
@IngestIntegrationTest
class PrometheusMetricsTest {

    private static final String KEY = "2f2e2d2c2b2a29282726252423222120";

    @Autowired DtlsInboundChannelAdapter adapter;
    @Autowired DeviceService devices;
    @LocalManagementPort int managementPort;

    @Test
    void trafficShowsUpInThePrometheusScrape() throws Exception {
        String device = "metrics-" + System.nanoTime();
        devices.create(
                new DeviceRequests.Create(device, true, new DeviceRequests.Psk(device, KEY), null));
        String before = scrape();

        try (DtlsTestClient client =
                DtlsTestClient.psk(adapter.getPort(), device, HexFormat.of().parseHex(KEY))) {
            client.exchange(utf8("[{\"n\":\"a\",\"v\":1},{\"n\":\"b\",\"v\":2}]"));
            client.exchange(utf8("{\"broken\":"));
            client.exchange(utf8("{\"c\":3}"));
        }
        String after = scrape();

        assertThat(
                        increase(
                                before,
                                after,
                                "ingest_datagrams_total{outcome=\"stored\",reason=\"none\"}"))
                .isEqualTo(2);
        assertThat(
                        increase(
                                before,
                                after,
                                "ingest_datagrams_total{outcome=\"rejected\",reason=\"malformed\"}"))
                .isEqualTo(1);
        assertThat(increase(before, after, "ingest_readings_stored_total")).isEqualTo(3);
        assertThat(increase(before, after, "ingest_replies_sent_total")).isEqualTo(3);
        assertThat(
                        increase(
                                before,
                                after,
                                "dtls_handshakes_total{auth=\"psk\","
                                        + "cipher_suite=\"TLS_PSK_WITH_AES_128_CCM_8\","
                                        + "outcome=\"succeeded\"}"))
                .isEqualTo(1);
        assertThat(increase(before, after, "ingest_commit_latency_seconds_count")).isPositive();
        assertThat(increase(before, after, "ingest_receive_to_commit_seconds_count")).isEqualTo(2);
        assertThat(increase(before, after, "ingest_batch_size_count")).isPositive();
        assertThat(increase(before, after, "dtls_records_received_total")).isGreaterThan(3);
        assertThat(after)
                .contains("dtls_connections_active ")
                .contains("dtls_handshakes_in_progress ")
                .contains("ingest_queue_depth ")
                .contains("ingest_queue_capacity 10000.0")
                .contains("dtls_records_dropped_total ");
    }

    private String scrape() {
        ApiClient.Response response = ApiClient.admin(managementPort).get("/actuator/prometheus");
        assertThat(response.status()).isEqualTo(200);
        return response.body();
    }

    private static double increase(String before, String after, String series) {
        return value(after, series) - value(before, series);
    }

    /** The value of a series in a scrape, 0 when it is not there yet. */
    private static double value(String scrape, String series) {
        Matcher matcher =
                Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
