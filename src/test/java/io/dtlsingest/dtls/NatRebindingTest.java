package io.dtlsingest.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import io.dtlsingest.device.DeviceRequests;
import io.dtlsingest.device.DeviceService;
import io.dtlsingest.support.DtlsTestClient;
import io.dtlsingest.support.IngestIntegrationTest;
import io.dtlsingest.support.UdpRebindingRelay;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A device keeps its DTLS session, thanks to the connection id, when a NAT changes its port. */
@IngestIntegrationTest
class NatRebindingTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The length of the connection ids the server issues by default. */
    private static final int SERVER_CID_LENGTH = 6;

    private static final int CONTENT_TYPE_HANDSHAKE = 22;
    private static final int CONTENT_TYPE_TLS12_CID = 25;
    private static final int HANDSHAKE_CLIENT_HELLO = 1;
    private static final int RECORD_HEADER_LENGTH = 13;

    @Autowired DtlsInboundChannelAdapter dtls;
    @Autowired DeviceService devices;
    @Autowired JdbcClient jdbc;

    @Test
    void sessionSurvivesANatRebindingBecauseRecordsCarryTheConnectionId() throws Exception {
        String id = "nat-" + UUID.randomUUID();
        byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        devices.create(
                new DeviceRequests.Create(
                        id,
                        true,
                        new DeviceRequests.Psk(id + "-identity", HexFormat.of().formatHex(key)),
                        null));

        try (UdpRebindingRelay relay = new UdpRebindingRelay(dtls.getPort());
                DtlsTestClient client = DtlsTestClient.psk(relay.port(), id + "-identity", key)) {
            JsonNode before = json(client.exchange(reading("temperature", 20)));
            List<byte[]> firstExchange = relay.clientDatagrams();
            int oldPort = relay.outsidePort();

            int newPort = relay.rebind();
            JsonNode after = json(client.exchange(reading("temperature", 21)));
            List<byte[]> all = relay.clientDatagrams();
            List<byte[]> afterRebinding = all.subList(firstExchange.size(), all.size());

            assertThat(before.get("code").asString()).isEqualTo("ok");
            assertThat(after.get("code").asString()).isEqualTo("ok");
            assertThat(newPort).isNotEqualTo(oldPort);
            assertThat(clientHellos(firstExchange)).isPositive();
            assertThat(afterRebinding).isNotEmpty();
            assertThat(clientHellos(afterRebinding)).as("ClientHellos after rebinding").isZero();
            byte[] cidBefore = connectionId(firstExchange.get(firstExchange.size() - 1));
            assertThat(afterRebinding)
                    .allSatisfy(
                            datagram -> assertThat(connectionId(datagram)).isEqualTo(cidBefore));
        }
        assertThat(
                        jdbc.sql(
                                        "select num_value from readings where device_id = ?"
                                                + " and name = 'temperature' order by 1")
                                .param(id)
                                .query(Double.class)
                                .list())
                .containsExactly(20.0, 21.0);
    }

    private static byte[] reading(String name, int value) {
        return ("{\"" + name + "\":" + value + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode json(byte[] reply) {
        return JSON.readTree(reply);
    }

    /**
     * Counts the ClientHello messages in datagrams: handshake records of epoch 0 whose first
     * message is a client_hello. Records after one with a connection id are not looked at, as only
     * epoch 0 matters here and it never carries one.
     */
    private static int clientHellos(List<byte[]> datagrams) {
        int count = 0;
        for (byte[] datagram : datagrams) {
            int offset = 0;
            while (offset + RECORD_HEADER_LENGTH <= datagram.length) {
                int type = datagram[offset] & 0xff;
                if (type == CONTENT_TYPE_TLS12_CID) {
                    break;
                }
                int epoch = unsigned16(datagram, offset + 3);
                int length = unsigned16(datagram, offset + 11);
                if (type == CONTENT_TYPE_HANDSHAKE
                        && epoch == 0
                        && length > 0
                        && (datagram[offset + RECORD_HEADER_LENGTH] & 0xff)
                                == HANDSHAKE_CLIENT_HELLO) {
                    count++;
                }
                offset += RECORD_HEADER_LENGTH + length;
            }
        }
        return count;
    }

    /**
     * The connection id in a datagram of one tls12_cid record (RFC 9146, section 4), whose length
     * field shows that the id is {@link #SERVER_CID_LENGTH} bytes long.
     */
    private static byte[] connectionId(byte[] datagram) {
        assertThat(datagram[0] & 0xff).as("content type").isEqualTo(CONTENT_TYPE_TLS12_CID);
        int lengthField = 11 + SERVER_CID_LENGTH;
        assertThat(unsigned16(datagram, lengthField))
                .as("record length after a %d-byte connection id", SERVER_CID_LENGTH)
                .isEqualTo(datagram.length - lengthField - 2);
        return Arrays.copyOfRange(datagram, 11, lengthField);
    }

    private static int unsigned16(byte[] bytes, int offset) {
        return (bytes[offset] & 0xff) << 8 | bytes[offset + 1] & 0xff;
    }
}
