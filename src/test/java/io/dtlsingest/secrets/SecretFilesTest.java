package io.dtlsingest.secrets;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Verifies that a file holding a secret is used only when no other user may read or change it. */
class SecretFilesTest {

    private static final String KEY = "dGVzdC1zZWNyZXRzLWtleS0wMTIzNDU2Nzg5YWJjZGU=";

    @TempDir Path folder;

    @ParameterizedTest
    @ValueSource(strings = {"rw-r--r--", "rw-rw----", "rw----rw-", "rw----r--"})
    void aFileOthersMayReadOrChangeIsRefusedNamingTheSettingAndTheMode(String mode)
            throws Exception {
        Path file = secretFile(mode);

        assertThatThrownBy(() -> SecretFiles.checkPrivate(file, "ingest.dtls.server-key"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ingest.dtls.server-key")
                .hasMessageContaining(file.toString())
                .hasMessageContaining(mode)
                .hasMessageContaining("chmod 600");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-------", "r--------", "rw-r-----", "r--r-----"})
    void aFileOnlyTheOwnerAndItsGroupMayReadIsAccepted(String mode) throws Exception {
        Path file = secretFile(mode);

        assertThatCode(() -> SecretFiles.checkPrivate(file, "ingest.dtls.server-key"))
                .doesNotThrowAnyException();
    }

    @Test
    void aMissingFileSaysSo() {
        Path missing = folder.resolve("missing.pem");

        assertThatThrownBy(() -> SecretFiles.checkPrivate(missing, "ingest.secrets.key-file"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ingest.secrets.key-file")
                .hasMessageContaining("cannot read the file " + missing);
    }

    @Test
    void aKeyEncryptionKeyFileOthersMayReadIsRefusedAtStart() throws Exception {
        Path file = secretFile("rw-r--r--");
        SecretsProperties properties = new SecretsProperties(null, file, List.of());

        assertThatThrownBy(() -> new KeyEncryptionKeys(properties))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ingest.secrets.key-file")
                .hasMessageContaining("other users may read or change it");
    }

    @Test
    void aPrivateKeyEncryptionKeyFileIsRead() throws Exception {
        Path file = secretFile("rw-------");
        SecretsProperties properties = new SecretsProperties(null, file, List.of());

        assertThatCode(() -> new KeyEncryptionKeys(properties)).doesNotThrowAnyException();
    }

    private Path secretFile(String mode) throws Exception {
        Path file = Files.createTempFile(folder, "secret", ".txt");
        Files.writeString(file, KEY);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }
}
