package io.dtlsingest.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dtlsingest.support.IngestIntegrationTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Verifies where the server's key pair comes from: a PEM file in the forms openssl writes, or a key
 * generated once and kept in the database so that it survives restarts.
 */
@IngestIntegrationTest
class ServerIdentityLoaderTest {

    @Autowired DtlsProperties properties;
    @Autowired JdbcClient jdbc;
    @TempDir Path folder;

    @Test
    void generatedKeyIsKeptInTheDatabaseAndStaysTheSame() {
        ServerIdentity first = loaderFor(null).load();
        ServerIdentity second = loaderFor(null).load();

        assertThat(second.publicKeyPem()).isEqualTo(first.publicKeyPem());
        assertThat(jdbc.sql("select key_pem from server_keys").query(String.class).single())
                .contains(first.publicKeyPem());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256",
                "ecparam -name prime256v1 -genkey -noout"
            })
    void readsPkcs8AndSec1KeysWrittenByOpenssl(String generate) throws Exception {
        Path key = folder.resolve("server-key.pem");
        openssl(generate + " -out " + key);
        String expectedPublic = openssl("pkey -in " + key + " -pubout");

        ServerIdentity identity = loaderFor(key).load();

        assertThat(identity.publicKeyPem().strip()).isEqualTo(expectedPublic.strip());
    }

    @Test
    void unreadableKeyFileFailsNamingTheFile() {
        Path missing = folder.resolve("missing.pem");

        assertThatThrownBy(() -> loaderFor(missing).load())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ingest.dtls.server-key")
                .hasMessageContaining(missing.toString());
    }

    @Test
    void keyFileThatOtherUsersMayReadIsRefused() throws Exception {
        Path key = folder.resolve("shared-key.pem");
        openssl("genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out " + key);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> loaderFor(key).load())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ingest.dtls.server-key")
                .hasMessageContaining("other users may read or change it");
    }

    @Test
    void keyOnAnotherCurveIsRefused() throws Exception {
        Path key = folder.resolve("p384.pem");
        openssl("genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out " + key);

        assertThatThrownBy(() -> loaderFor(key).load())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must be an EC key on curve P-256");
    }

    private ServerIdentityLoader loaderFor(Path serverKey) {
        return new ServerIdentityLoader(properties.withServerKey(serverKey), jdbc);
    }

    private static String openssl(String arguments) throws IOException, InterruptedException {
        Process process =
                new ProcessBuilder(("openssl " + arguments).split(" "))
                        .redirectErrorStream(true)
                        .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
