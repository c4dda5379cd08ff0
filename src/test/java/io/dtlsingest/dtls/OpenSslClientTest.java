package io.dtlsingest.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dtlsingest.device.DeviceRequests;
import io.dtlsingest.device.DeviceService;
import io.dtlsingest.support.IngestIntegrationTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** A device using the OpenSSL command-line DTLS 1.2 client with a PSK is stored and answered. */
@IngestIntegrationTest
class OpenSslClientTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration REPLY_WAIT = Duration.ofSeconds(20);

    @Autowired DtlsInboundChannelAdapter dtls;
    @Autowired DeviceService devices;
    @Autowired JdbcClient jdbc;

    @Test
    void opensslClientStoresAReadingAndHearsOk() throws Exception {
        PskDevice device = newPskDevice();

        try (OpenSslClient openssl = OpenSslClient.start(dtls.getPort(), device)) {
            openssl.write("{\"temperature\":21.5}\n");
            List<String> replies = openssl.awaitReplies(1);

            assertThat(replies)
                    .as(openssl.diagnostics())
                    .containsExactly("{\"code\":\"ok\",\"n\":1}");
        }
        assertThat(
                        jdbc.sql("select name, num_value from readings where device_id = ?")
                                .param(device.id())
                                .query((row, number) -> row.getString(1) + "=" + row.getDouble(2))
                                .list())
                .containsExactly("temperature=21.5");
    }

    @Test
    void twoLinesFromOpensslAreBothStoredAndEveryReplyIsOk() throws Exception {
        PskDevice device = newPskDevice();

        try (OpenSslClient openssl = OpenSslClient.start(dtls.getPort(), device)) {
            // OpenSSL sends what one read of its input returns as one record, or several.
            openssl.write("{\"temperature\":21.5}\n{\"humidity\":40}\n");
            List<String> replies = openssl.awaitReplies(2);

            assertThat(replies)
                    .as(openssl.diagnostics())
                    .isNotEmpty()
                    .allSatisfy(reply -> assertThat(code(reply)).isEqualTo("ok"));
            assertThat(stored(replies)).as(openssl.diagnostics()).isEqualTo(2);
        }
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(
                        () ->
                                assertThat(
                                                jdbc.sql(
                                                                "select name || '=' || num_value"
                                                                        + " from readings"
                                                                        + " where device_id = ?"
                                                                        + " order by 1")
                                                        .param(device.id())
                                                        .query(String.class)
                                                        .list())
                                        .containsExactly("humidity=40", "temperature=21.5"));
    }

    private PskDevice newPskDevice() {
        String id = "openssl-" + UUID.randomUUID();
        byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        PskDevice device = new PskDevice(id, id + "-identity", HexFormat.of().formatHex(key));
        devices.create(
                new DeviceRequests.Create(
                        id,
                        true,
                        new DeviceRequests.Psk(device.identity(), device.hexKey()),
                        null));
        return device;
    }

    private static String code(String reply) {
        return JSON.readTree(reply).path("code").asString();
    }

    /** The readings the replies say were stored. */
    private static int stored(List<String> replies) {
        return replies.stream()
                .map(JSON::readTree)
                .mapToInt(reply -> reply.path("n").asInt())
                .sum();
    }

    private record PskDevice(String id, String identity, String hexKey) {}

    /**
     * A running {@code openssl s_client} connected to the service. What it prints is collected on
     * two daemon threads; closing it ends the process.
     */
    private static final class OpenSslClient implements AutoCloseable {

        /** A reply is one flat JSON object; OpenSSL prints them with nothing in between. */
        private static final Pattern REPLY = Pattern.compile("\\{[^{}]*}");

        private final Process process;
        private final List<String> command;
        private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        private final Thread stdoutReader;
        private final Thread stderrReader;

        private OpenSslClient(Process process, List<String> command) {
            this.process = process;
            this.command = command;
            this.stdoutReader = collect(process.getInputStream(), stdout, "openssl-stdout");
            this.stderrReader = collect(process.getErrorStream(), stderr, "openssl-stderr");
        }

        static OpenSslClient start(int port, PskDevice device) {
            List<String> command =
                    List.of(
                            "openssl",
                            "s_client",
                            "-dtls1_2",
                            "-connect",
                            "127.0.0.1:" + port,
                            "-psk_identity",
                            device.identity(),
                            "-psk",
                            device.hexKey(),
                            "-quiet");
            try {
                return new OpenSslClient(new ProcessBuilder(command).start(), command);
            } catch (IOException e) {
                throw new AssertionError(
                        "Cannot run the openssl command (OpenSSL 3 must be installed and on the"
                                + " PATH for this test): "
                                + e.getMessage(),
                        e);
            }
        }

        /** Writes text to the client's input and flushes it, leaving the input open. */
        void write(String text) throws IOException {
            OutputStream stdin = process.getOutputStream();
            stdin.write(text.getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        }

        /**
         * Waits until the replies say that {@code readings} readings were stored, a reply is not
         * ok, or the client exited.
         *
         * @return the replies printed so far
         * @throws AssertionError with the client's output when nothing of that happens in time
         */
        List<String> awaitReplies(int readings) {
            try {
                await().atMost(REPLY_WAIT)
                        .pollInterval(Duration.ofMillis(50))
                        .until(
                                () ->
                                        !process.isAlive()
                                                || replies().stream()
                                                        .anyMatch(r -> !"ok".equals(code(r)))
                                                || stored(replies()) >= readings);
            } catch (ConditionTimeoutException e) {
                throw new AssertionError(
                        "No replies for "
                                + readings
                                + " readings within "
                                + REPLY_WAIT
                                + "\n"
                                + diagnostics(),
                        e);
            }
            return replies();
        }

        /** The reply objects printed so far. */
        List<String> replies() {
            List<String> replies = new ArrayList<>();
            Matcher matcher = REPLY.matcher(text(stdout));
            while (matcher.find()) {
                replies.add(matcher.group());
            }
            return replies;
        }

        /** The command with what the client printed on both outputs, for assertion messages. */
        String diagnostics() {
            return String.join(" ", command)
                    + (process.isAlive() ? "" : "\nexited with " + process.exitValue())
                    + "\nstdout:\n"
                    + text(stdout)
                    + "\nstderr:\n"
                    + text(stderr);
        }

        @Override
        public void close() {
            try {
                process.getOutputStream().close();
                process.destroy();
                process.waitFor(5, TimeUnit.SECONDS);
                stdoutReader.join(2_000);
                stderrReader.join(2_000);
            } catch (IOException e) {
                // The client already exited and closed its input.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                process.destroyForcibly();
            }
        }

        private static String text(ByteArrayOutputStream buffer) {
            return buffer.toString(StandardCharsets.UTF_8);
        }

        private static Thread collect(InputStream in, ByteArrayOutputStream buffer, String name) {
            Thread thread =
                    new Thread(
                            () -> {
                                byte[] chunk = new byte[4096];
                                try (in) {
                                    for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                                        buffer.write(chunk, 0, n);
                                    }
                                } catch (IOException e) {
                                    // The process ended.
                                }
                            },
                            name);
            thread.setDaemon(true);
            thread.start();
            return thread;
        }
    }
}
