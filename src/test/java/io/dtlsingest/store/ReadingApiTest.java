package io.dtlsingest.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.dtlsingest.device.DeviceRequests;
import io.dtlsingest.device.DeviceService;
import io.dtlsingest.dtls.DtlsInboundChannelAdapter;
import io.dtlsingest.support.ApiClient;
import io.dtlsingest.support.DtlsTestClient;
import io.dtlsingest.support.IngestIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Verifies reading stored telemetry back through the API: order, filters and value kinds. */
@IngestIntegrationTest
class ReadingApiTest {

    private static final String KEY = "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf";

    @Autowired DeviceService devices;
    @Autowired DtlsInboundChannelAdapter dtls;
    @LocalServerPort int port;

    String device;

    @BeforeEach
    void deviceWithReadings() throws Exception {
        device = "readings-" + System.nanoTime();
        devices.create(
                new DeviceRequests.Create(device, true, new DeviceRequests.Psk(device, KEY), null));
        String pack =
                """
                [{"bn":"s/","bt":1700000000,"bu":"Cel","n":"temp","v":20.5},
                 {"n":"temp","t":60,"v":21.5},
                 {"n":"temp","t":120,"v":22.5},
                 {"n":"door","t":30,"vs":"open"},
                 {"n":"armed","t":40,"vb":true},
                 {"n":"blob","t":50,"vd":"AQID"},
                 {"n":"energy","t":70,"s":42.5,"u":"J"}]
                """;
        try (DtlsTestClient client =
                DtlsTestClient.psk(dtls.getPort(), device, HexFormat.of().parseHex(KEY))) {
            client.exchange(pack.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void returnsReadingsNewestFirstWithTheirValueKinds() {
        JsonNode readings = api().get(path("")).json();

        assertThat(names(readings))
                .containsExactly(
                        "s/temp", "s/energy", "s/temp", "s/blob", "s/armed", "s/door", "s/temp");
        assertThat(readings.get(0).get("time").asString()).isEqualTo("2023-11-14T22:15:20Z");
        assertThat(readings.get(0).get("value").asDouble()).isEqualTo(22.5);
        assertThat(readings.get(0).get("unit").asString()).isEqualTo("Cel");
        assertThat(readings.get(1).get("sum").asDouble()).isEqualTo(42.5);
        assertThat(readings.get(1).has("value")).isFalse();
        assertThat(readings.get(3).get("type").asString()).isEqualTo("data");
        assertThat(readings.get(3).get("value").asString()).isEqualTo("AQID");
        assertThat(readings.get(4).get("value").asBoolean()).isTrue();
        assertThat(readings.get(5).get("value").asString()).isEqualTo("open");
    }

    @Test
    void filtersByNameTimeRangeAndLimit() {
        JsonNode byName = api().get(path("?name=s/temp")).json();
        JsonNode inRange =
                api().get(path("?from=2023-11-14T22:13:50Z&to=2023-11-14T22:14:30Z")).json();
        JsonNode limited = api().get(path("?name=s/temp&limit=1")).json();

        assertThat(names(byName)).containsExactly("s/temp", "s/temp", "s/temp");
        assertThat(names(inRange)).containsExactly("s/temp", "s/blob", "s/armed", "s/door");
        assertThat(limited).hasSize(1);
        assertThat(limited.get(0).get("value").asDouble()).isEqualTo(22.5);
    }

    @Test
    void badQueryParametersAreExplained() {
        ApiClient.Response badTime = api().get(path("?from=yesterday"));
        ApiClient.Response badLimit = api().get(path("?limit=0"));

        assertThat(badTime.status()).isEqualTo(400);
        assertThat(badTime.json().get("detail").asString()).contains("from").contains("ISO-8601");
        assertThat(badLimit.status()).isEqualTo(400);
    }

    private ApiClient api() {
        return ApiClient.admin(port);
    }

    private String path(String query) {
        return "/api/v1/devices/" + device + "/readings" + query;
    }

    private static List<String> names(JsonNode readings) {
        List<String> names = new ArrayList<>();
        readings.forEach(reading -> names.add(reading.get("name").asString()));
        return names;
    }
}
