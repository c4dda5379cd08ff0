package io.dtlsingest.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import io.dtlsingest.device.DeviceRequests;
import io.dtlsingest.device.DeviceService;
import io.dtlsingest.support.ClientHellos;
import io.dtlsingest.support.DtlsTestClient;
import io.dtlsingest.support.IngestIntegrationTest;
import io.dtlsingest.support.SharedPostgresInitializer;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies that a flood of ClientHellos from one network leaves an established device working: its
 * datagrams are stored and answered promptly throughout, while the handshakes the flood tries to
 * start beyond its prefix's budget are refused and counted. The application runs with a small
 * budget (a burst of 5 handshakes, then 2 per second) so that a short flood exceeds it.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "ingest.dtls.port=0",
            "ingest.dtls.bind-address=127.0.0.1",
            "ingest.admin.token=flood-test-token-0123456789",
            "ingest.secrets.key=" + IngestIntegrationTest.SECRETS_KEY,
            "management.server.port=0",
            "ingest.dtls.limits.handshake-burst=5",
            "ingest.dtls.limits.handshakes-per-second=2",
            "ingest.dtls.limits.max-handshakes-in-progress=50"
        })
@ContextConfiguration(initializers = SharedPostgresInitializer.class)
@Timeout(60)
class HandshakeFloodTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final byte[] KEY = HexFormat.of().parseHex("c0c1c2c3c4c5c6c7c8c9cacbcccdcecf");
    private static final int FLOODERS = 16;
    private static final int ROUNDS = 15;

    @Autowired DtlsInboundChannelAdapter dtls;
    @Autowired DeviceService devices;
    @Autowired JdbcClient jdbc;
    @Autowired MeterRegistry meters;

    @Test
    void establishedDeviceKeepsBeingServedWhileAClientHelloFloodIsThrottled() throws Exception {
        String device = "flood-victim-" + System.nanoTime();
        devices.create(
                new DeviceRequests.Create(
                        device,
                        true,
                        new DeviceRequests.Psk(device, HexFormat.of().formatHex(KEY)),
                        null));
        double throttledBefore = throttled();
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", dtls.getPort());

        List<Duration> latencies = new ArrayList<>();
        int cookiesSent = 0;
        try (DtlsTestClient client = DtlsTestClient.psk(dtls.getPort(), device, KEY);
                Flood flood = new Flood(server)) {
            assertThat(code(client.exchange(reading()))).isEqualTo("ok");

            for (int round = 0; round < ROUNDS; round++) {
                cookiesSent += flood.round();

                long start = System.nanoTime();
                assertThat(code(client.exchange(reading()))).isEqualTo("ok");
                latencies.add(Duration.ofNanos(System.nanoTime() - start));
            }
        }

        assertThat(cookiesSent).as("ClientHellos with a cookie sent").isGreaterThan(ROUNDS * 10);
        assertThat(throttled() - throttledBefore)
                .as("handshakes refused")
                .isGreaterThan(cookiesSent / 2.0);
        assertThat(latencies).allSatisfy(l -> assertThat(l).isLessThan(Duration.ofSeconds(2)));
        assertThat(
                        jdbc.sql("select count(*) from readings where device_id = ?")
                                .param(device)
                                .query(Long.class)
                                .single())
                .isEqualTo(ROUNDS + 1);
    }

    private double throttled() {
        return meters.find("dtls.handshakes.throttled").counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }

    private static byte[] reading() {
        return "{\"temperature\":20}".getBytes(StandardCharsets.UTF_8);
    }

    private static String code(byte[] reply) {
        return JSON.readTree(reply).get("code").asString();
    }

    /**
     * Loopback sockets that each, per round, send a first ClientHello, wait for the server's
     * HelloVerifyRequest, and answer with the cookie: the ClientHello that would start a handshake.
     */
    private static final class Flood implements AutoCloseable {

        private final InetSocketAddress server;
        private final List<DatagramSocket> sockets = new ArrayList<>();
        private final Random random = new Random(42);

        Flood(InetSocketAddress server) throws Exception {
            this.server = server;
            for (int i = 0; i < FLOODERS; i++) {
                DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
                socket.setSoTimeout(300);
                sockets.add(socket);
            }
        }

        /** Returns how many ClientHellos with a cookie it sent. */
        int round() throws Exception {
            List<byte[]> randoms = new ArrayList<>();
            for (DatagramSocket socket : sockets) {
                byte[] clientRandom = new byte[32];
                random.nextBytes(clientRandom);
                randoms.add(clientRandom);
                send(socket, ClientHellos.record(clientRandom, new byte[0], new byte[0], 0));
            }
            int sent = 0;
            for (int i = 0; i < sockets.size(); i++) {
                byte[] cookie = awaitCookie(sockets.get(i));
                if (cookie != null) {
                    send(
                            sockets.get(i),
                            ClientHellos.record(randoms.get(i), new byte[0], cookie, 1));
                    sent++;
                }
            }
            return sent;
        }

        private void send(DatagramSocket socket, byte[] record) throws Exception {
            socket.send(new DatagramPacket(record, record.length, server));
        }

        /** Skips the server's other records (a ServerHello of an earlier round) up to a bound. */
        private static byte[] awaitCookie(DatagramSocket socket) throws Exception {
            byte[] buffer = new byte[2048];
            for (int i = 0; i < 20; i++) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException e) {
                    return null;
                }
                byte[] cookie = ClientHellos.cookieOf(buffer, packet.getLength());
                if (cookie != null) {
                    return cookie;
                }
            }
            return null;
        }

        @Override
        public void close() {
            sockets.forEach(DatagramSocket::close);
        }
    }
}
