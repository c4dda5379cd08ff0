package io.dtlsingest.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.dtlsingest.device.DeviceRequests;
import io.dtlsingest.device.DeviceService;
import io.dtlsingest.dtls.DtlsInboundChannelAdapter;
import io.dtlsingest.support.DtlsTestClient;
import io.dtlsingest.support.IngestIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies that a device can only write readings for itself: the device a reading belongs to comes
 * from the DTLS handshake alone, and a SenML base name that looks like another device's id only
 * becomes part of the reading's name.
 */
@IngestIntegrationTest
class DeviceIsolationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final byte[] KEY_A = HexFormat.of().parseHex("a0a1a2a3a4a5a6a7a8a9aaabacadaeaf");
    private static final byte[] KEY_B = HexFormat.of().parseHex("b0b1b2b3b4b5b6b7b8b9babbbcbdbebf");

    @Autowired DtlsInboundChannelAdapter dtls;
    @Autowired DeviceService devices;
    @Autowired JdbcClient jdbc;

    @Test
    void baseNamesNamingAnotherDeviceOnlyPrefixTheSendersOwnReadings() throws Exception {
        String suffix = Long.toString(System.nanoTime());
        String a = "iso-a-" + suffix;
        String b = "iso-b-" + suffix;
        provision(a, KEY_A);
        provision(b, KEY_B);
        try (DtlsTestClient deviceB = DtlsTestClient.psk(dtls.getPort(), b, KEY_B)) {
            assertThat(code(deviceB.exchange(utf8("[{\"n\":\"temp\",\"v\":20}]")))).isEqualTo("ok");
        }
        List<String> bBefore = rows(b);

        try (DtlsTestClient deviceA = DtlsTestClient.psk(dtls.getPort(), a, KEY_A)) {
            String[] forgeries = {
                "[{\"bn\":\"" + b + "\",\"n\":\"temp\",\"v\":99}]",
                "[{\"bn\":\"" + b + "/\",\"n\":\"temp\",\"v\":98}]",
                "[{\"bn\":\"urn:dev:" + b + ":\",\"n\":\"temp\",\"v\":97}]",
                "[{\"n\":\"" + b + "\",\"v\":96}]",
                "{\"" + b + "\":95}"
            };
            for (String forgery : forgeries) {
                assertThat(code(deviceA.exchange(utf8(forgery)))).isEqualTo("ok");
            }
        }

        assertThat(rows(b)).isEqualTo(bBefore).containsExactly(b + " temp=20");
        assertThat(rows(a))
                .containsExactlyInAnyOrder(
                        a + " " + b + "temp=99",
                        a + " " + b + "/temp=98",
                        a + " urn:dev:" + b + ":temp=97",
                        a + " " + b + "=96",
                        a + " " + b + "=95");
        assertThat(
                        jdbc.sql("select count(*) from readings where name like ?")
                                .param("%" + b + "%")
                                .query(Long.class)
                                .single())
                .as("every row naming B belongs to A")
                .isEqualTo(
                        jdbc.sql(
                                        "select count(*) from readings where name like ? and"
                                                + " device_id = ?")
                                .params("%" + b + "%", a)
                                .query(Long.class)
                                .single());
    }

    private void provision(String id, byte[] key) {
        devices.create(
                new DeviceRequests.Create(
                        id, true, new DeviceRequests.Psk(id, HexFormat.of().formatHex(key)), null));
    }

    /** Each reading of a device as "device name=value", from the rows actually stored. */
    private List<String> rows(String device) {
        return jdbc.sql(
                        "select device_id || ' ' || name || '=' || num_value from readings"
                                + " where device_id = ? order by name")
                .param(device)
                .query(String.class)
                .list();
    }

    private static String code(byte[] reply) {
        return JSON.readTree(reply).get("code").asString();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
