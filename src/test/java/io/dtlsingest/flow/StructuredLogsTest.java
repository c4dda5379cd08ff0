package io.dtlsingest.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.dtlsingest.device.DeviceService;
import io.dtlsingest.dtls.DtlsInboundChannelAdapter;
import io.dtlsingest.support.DtlsTestClient;
import io.dtlsingest.support.IngestIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies that a log line about a device carries its device id and peer address as context, so
 * that with structured logging switched on they become fields an operator can filter by.
 */
@IngestIntegrationTest
class StructuredLogsTest {

    private static final String DEVICE = "structured-log-device";
    private static final byte[] KEY = HexFormat.of().parseHex("5f0e3c2a9b8d7e6f5a4b3c2d1e0f1a2b");

    @Autowired DtlsInboundChannelAdapter dtls;
    @Autowired DeviceService devices;

    private final Logger rejections = (Logger) LoggerFactory.getLogger("io.dtlsingest.rejections");
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();

    @BeforeEach
    void capture() {
        captured.start();
        rejections.addAppender(captured);
        devices.createPskDeviceIfAbsent(DEVICE, DEVICE, KEY);
    }

    @AfterEach
    void release() {
        rejections.detachAppender(captured);
    }

    @Test
    void aWarningAboutADeviceBecomesJsonWithItsDeviceIdAndPeer() throws Exception {
        String peer;
        try (DtlsTestClient client = DtlsTestClient.psk(dtls.getPort(), DEVICE, KEY)) {
            client.exchange("{\"temperature\":".getBytes(StandardCharsets.UTF_8));
            peer = client.localAddress().toString();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> !captured.list.isEmpty());
        ILoggingEvent warning = captured.list.get(0);

        JsonNode line = JsonMapper.builder().build().readTree(logstash(warning));

        assertThat(line.get("message").asString()).contains(DEVICE).contains("malformed");
        assertThat(line.get("level").asString()).isEqualTo("WARN");
        assertThat(line.get("deviceId").asString()).isEqualTo(DEVICE);
        assertThat(line.get("peer").asString()).isEqualTo(peer);
    }

    /** Encodes the event as the service logs it with {@code logging.structured.format.console}. */
    private static String logstash(ILoggingEvent event) {
        StructuredLogEncoder encoder = new StructuredLogEncoder();
        encoder.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        encoder.setFormat("logstash");
        encoder.start();
        try {
            return new String(encoder.encode(event), StandardCharsets.UTF_8);
        } finally {
            encoder.stop();
        }
    }
}
