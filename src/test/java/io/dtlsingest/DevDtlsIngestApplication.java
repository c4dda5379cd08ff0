package io.dtlsingest;

import io.dtlsingest.audit.Actor;
import io.dtlsingest.device.DeviceService;
import io.dtlsingest.dtls.DtlsInboundChannelAdapter;
import io.dtlsingest.support.SharedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The one-command developer run ({@code mvn spring-boot:test-run}): the service on an embedded
 * PostgreSQL that lives as long as the process, with a demo PSK device, on loopback only. It logs
 * the exact commands to send a reading and to read it back.
 */
public final class DevDtlsIngestApplication {

    static final String ADMIN_TOKEN = "dev-admin-token-not-for-production";
    static final String DEMO_DEVICE = "demo-sensor";
    static final String DEMO_KEY_HEX = "000102030405060708090a0b0c0d0e0f";
    static final Path DEV_SECRETS_KEY_FILE = Path.of("target", "dev-secrets.key");

    private DevDtlsIngestApplication() {}

    public static void main(String[] args) {
        SpringApplication application =
                new SpringApplication(DtlsIngestApplication.class, DemoDevice.class);
        application.setDefaultProperties(
                Map.of(
                        "spring.datasource.url", SharedPostgres.jdbcUrl(),
                        "spring.datasource.username", "postgres",
                        "spring.datasource.password", "postgres",
                        "ingest.admin.token", ADMIN_TOKEN,
                        "ingest.dtls.bind-address", "127.0.0.1",
                        // A restart of the dev run keeps the demo device's DTLS session.
                        "ingest.dtls.state-file", "target/dev-dtls-state.bin",
                        "ingest.secrets.key-file", devSecretsKeyFile().toString()));
        application.run(args);
    }

    /**
     * The dev run's key-encryption key: generated at the first run and kept in {@code target/} so
     * that later runs can open the DTLS state the previous one saved. {@code mvn clean} forgets it.
     */
    private static Path devSecretsKeyFile() {
        try {
            if (Files.notExists(DEV_SECRETS_KEY_FILE)) {
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                Files.createDirectories(DEV_SECRETS_KEY_FILE.getParent());
                Files.createFile(
                        DEV_SECRETS_KEY_FILE,
                        PosixFilePermissions.asFileAttribute(
                                PosixFilePermissions.fromString("rw-------")));
                Files.writeString(DEV_SECRETS_KEY_FILE, Base64.getEncoder().encodeToString(key));
            }
            return DEV_SECRETS_KEY_FILE;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + DEV_SECRETS_KEY_FILE, e);
        }
    }

    /** Provisions the demo device and says how to use it. */
    @Configuration(proxyBeanMethods = false)
    static class DemoDevice {

        private static final Logger log = LoggerFactory.getLogger(DemoDevice.class);

        @Bean
        ApplicationRunner provisionDemoDevice(
                DeviceService devices, DtlsInboundChannelAdapter dtls, Environment environment) {
            return args -> {
                Actor.runAs(
                        Actor.system("demo"),
                        () ->
                                devices.createPskDeviceIfAbsent(
                                        DEMO_DEVICE,
                                        DEMO_DEVICE,
                                        HexFormat.of().parseHex(DEMO_KEY_HEX)));
                String api = "http://localhost:" + environment.getProperty("local.server.port");
                log.info(
                        """

                        Demo device '{}' is provisioned. Send it a reading:
                          (echo '{"temperature":21.5,"door":"open"}'; sleep 1) | \\
                            openssl s_client -dtls1_2 -connect 127.0.0.1:{} \\
                            -psk_identity {} -psk {} -quiet -no_ign_eof
                        Read it back:
                          curl -s -H 'Authorization: Bearer {}' \\
                            {}/api/v1/devices/{}/readings
                        """,
                        DEMO_DEVICE,
                        dtls.getPort(),
                        DEMO_DEVICE,
                        DEMO_KEY_HEX,
                        ADMIN_TOKEN,
                        api,
                        DEMO_DEVICE);
            };
        }
    }
}
