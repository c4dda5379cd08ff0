package io.dtlsingest.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import io.dtlsingest.device.DeviceRequests;
import io.dtlsingest.device.DeviceService;
import io.dtlsingest.support.DtlsTestClient;
import io.dtlsingest.support.IngestIntegrationTest;
import io.dtlsingest.support.ListeningEvents;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.integration.channel.AbstractMessageChannel;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.ChannelInterceptor;

/**
 * Verifies that the DTLS adapter behaves like spring-integration-ip's receiving adapters: it
 * reports the port it bound, announces that it listens, and puts the peer and the device the
 * handshake authenticated on every message.
 */
@IngestIntegrationTest
class DtlsInboundAdapterTest {

    private static final String KEY = "0f0e0d0c0b0a09080706050403020100";

    @Autowired DtlsInboundChannelAdapter adapter;
    @Autowired ListeningEvents listening;
    @Autowired DeviceService devices;
    @Autowired JdbcClient jdbc;

    @Autowired
    @Qualifier("dtls.inbound")
    MessageChannel inbound;

    @Test
    void reportsTheBoundPortAndAnnouncesIt() {
        assertThat(adapter.isListening()).isTrue();
        assertThat(adapter.getPort()).isPositive();
        assertThat(listening.events())
                .anySatisfy(event -> assertThat(event.getPort()).isEqualTo(adapter.getPort()));
    }

    @Test
    void everyMessageCarriesThePeerAndTheAuthenticatedDevice() throws Exception {
        String id = "headers-" + System.nanoTime();
        devices.create(new DeviceRequests.Create(id, true, new DeviceRequests.Psk(id, KEY), null));
        BlockingQueue<Message<?>> seen = new LinkedBlockingQueue<>();
        ChannelInterceptor recorder =
                new ChannelInterceptor() {
                    @Override
                    public Message<?> preSend(Message<?> message, MessageChannel channel) {
                        seen.add(message);
                        return message;
                    }
                };
        ((AbstractMessageChannel) inbound).addInterceptor(recorder);

        try (DtlsTestClient client =
                DtlsTestClient.psk(adapter.getPort(), id, java.util.HexFormat.of().parseHex(KEY))) {
            client.exchange("{\"n\":\"x\",\"v\":1}".getBytes(StandardCharsets.UTF_8));
        } finally {
            ((AbstractMessageChannel) inbound).removeInterceptor(recorder);
        }

        Message<?> message = seen.poll(5, TimeUnit.SECONDS);
        assertThat(message).isNotNull();
        assertThat(message.getHeaders())
                .containsEntry(DtlsHeaders.DEVICE_ID, id)
                .containsEntry(DtlsHeaders.AUTH_TYPE, "psk")
                .containsEntry(IpHeaders.IP_ADDRESS, "127.0.0.1")
                .containsKeys(
                        IpHeaders.PORT,
                        IpHeaders.PACKET_ADDRESS,
                        DtlsHeaders.SESSION_ID,
                        DtlsHeaders.ENDPOINT_CONTEXT);
        assertThat(message.getHeaders().get(IpHeaders.PACKET_ADDRESS, InetSocketAddress.class))
                .extracting(InetSocketAddress::getPort)
                .isEqualTo(message.getHeaders().get(IpHeaders.PORT));
        assertThat(message.getHeaders().get(IpHeaders.CONNECTION_ID, String.class))
                .matches("cid:[0-9a-f]{12}");
        assertThat(message.getHeaders().get(DtlsHeaders.RECEIVED_AT, Instant.class))
                .isBefore(Instant.now().plusSeconds(1));
    }

    @Test
    void schemaIsMigratedBeforeTheEndpointListens() {
        assertThat(
                        jdbc.sql("select version from flyway_schema_history where success")
                                .query(String.class)
                                .list())
                .contains("1");
    }
}
