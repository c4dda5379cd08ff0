package io.dtlsingest.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dtlsingest.secrets.SecretBox;
import io.dtlsingest.secrets.SecretBoxes;
import io.dtlsingest.support.IngestIntegrationTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
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
    @Autowired SecretBox box;
    @TempDir Path folder;

    @Test
    void generatedKeyIsKeptSealedInTheDatabaseAndStaysTheSame() {
        ServerIdentity first = loaderFor(null).load();
        ServerIdentity second = loaderFor(null).load();

        assertThat(second.publicKeyPem()).isEqualTo(first.publicKeyPem());
        assertThat(storedColumn("key_pem")).isNull();
        assertThat(storedColumn("kek_id")).isEqualTo(box.currentKeyId());
        assertThat(storedColumn("encode(key_sealed, 'escape')"))
                .isNotNull()
                .doesNotContain("PRIVATE KEY");
    }

    @Test
    void aKeyStoredInPlaintextOrUnderAnEarlierKeyIsSealedUnderTheCurrentOneAtStart() {
        ServerIdentity identity = loaderFor(null).load();
        String keyPair = identity.keyPairPem();
        SecretBox.Sealed underPrevious =
                SecretBoxes.sealingWith(IngestIntegrationTest.PREVIOUS_SECRETS_KEY)
                        .seal(keyPair.getBytes(StandardCharsets.US_ASCII), "server-key:dtls");

        storeKey(keyPair, null, null);
        ServerIdentity fromPlaintext = loaderFor(null).load();
        String sealedFromPlaintext = storedColumn("kek_id");
        storeKey(null, underPrevious.bytes(), underPrevious.keyId());
        ServerIdentity fromPrevious = loaderFor(null).load();

        assertThat(fromPlaintext.publicKeyPem()).isEqualTo(identity.publicKeyPem());
        assertThat(fromPrevious.publicKeyPem()).isEqualTo(identity.publicKeyPem());
        assertThat(sealedFromPlaintext).isEqualTo(box.currentKeyId());
        assertThat(storedColumn("kek_id")).isEqualTo(box.currentKeyId());
        assertThat(storedColumn("key_pem")).isNull();
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
        return new ServerIdentityLoader(properties.withServerKey(serverKey), jdbc, box);
    }

    private @Nullable String storedColumn(String expression) {
        return jdbc.sql("select " + expression + " from server_keys where name = 'dtls'")
                .query((row, number) -> row.getString(1))
                .list()
                .get(0);
    }

    private void storeKey(String pem, byte[] sealed, String kekId) {
        jdbc.sql(
                        "update server_keys set key_pem = ?, key_sealed = ?, kek_id = ?"
                                + " where name = 'dtls'")
                .params(pem, sealed, kekId)
                .update();
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
