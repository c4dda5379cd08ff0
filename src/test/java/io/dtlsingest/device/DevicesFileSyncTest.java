package io.dtlsingest.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dtlsingest.dtls.DtlsInboundChannelAdapter;
import io.dtlsingest.support.ApiClient;
import io.dtlsingest.support.DtlsTestClient;
import io.dtlsingest.support.IngestIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.util.unit.DataSize;

/**
 * Declarative provisioning from a devices file, applied to real files against the running service:
 * what the file lists is created or updated, what it owns and no longer lists is disabled, what it
 * cannot use is reported and changes nothing, and no key reaches the log.
 */
@IngestIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class DevicesFileSyncTest {

    /** Set for the tests by the build, see the surefire configuration in pom.xml. */
    static final String ENV_KEY_VARIABLE = "DEVICES_FILE_TEST_KEY";

    static final String ENV_KEY = "5f4dcc3b5aa765d61d8327deb882cf99";

    private static final AtomicInteger DEVICE_NUMBER = new AtomicInteger();
    private static final Duration SILENCE = Duration.ofMillis(1500);

    @TempDir Path dir;
    @LocalServerPort int port;
    @Autowired DevicesFileSync sync;
    @Autowired DtlsInboundChannelAdapter dtls;
    @Autowired JdbcClient jdbc;
    @Autowired MeterRegistry meters;
    @Autowired TaskScheduler scheduler;

    ApiClient api;
    Path file;

    @BeforeEach
    void setUp() {
        api = ApiClient.admin(port);
        file = dir.resolve("devices.yaml");
    }

    @Test
    void createsTheDevicesTheFileListsWithKeysInlineFromAFileAndFromTheEnvironment()
            throws Exception {
        String inline = newId();
        String fromFile = newId();
        String fromEnv = newId();
        String rpk = newId();
        byte[] inlineKey = randomKey();
        byte[] fileKey = randomKey();
        writeKeyFile(dir.resolve(fromFile + ".key"), hex(fileKey) + "\n");
        KeyPair rpkKeys = p256();
        write(
                "devices:\n"
                        + psk(inline, inline, "key: " + hex(inlineKey))
                        + psk(fromFile, fromFile, "keyFile: " + fromFile + ".key")
                        + psk(fromEnv, fromEnv, "keyEnv: " + ENV_KEY_VARIABLE)
                        + "  - id: "
                        + rpk
                        + "\n    enabled: false\n    rpk:\n      publicKey: |\n"
                        + indent(pem(rpkKeys), "        "));

        DevicesFileResult result = sync.sync(file);

        assertThat(result.state()).isEqualTo(DevicesFileResult.State.APPLIED);
        assertThat(result.created()).isEqualTo(4);
        assertThat(result.invalid()).as(String.join("\n", result.errors())).isZero();
        assertThat(device(inline).at("/psk/identity").asString()).isEqualTo(inline);
        assertThat(device(rpk).at("/auth").asString()).isEqualTo("rpk");
        assertThat(device(rpk).at("/enabled").asBoolean()).isFalse();
        assertThat(ownerOf(inline)).isEqualTo("file");
        assertStoredWith(inline, inline, inlineKey);
        assertStoredWith(fromFile, fromFile, fileKey);
        assertStoredWith(fromEnv, fromEnv, HexFormat.of().parseHex(ENV_KEY));
    }

    @Test
    void replacesAChangedCredentialSoTheOldKeyIsCutOffAndNoLongerHandshakes() throws Exception {
        String id = newId();
        byte[] oldKey = randomKey();
        byte[] newKey = randomKey();
        write("devices:\n" + psk(id, id, "key: " + hex(oldKey)));
        sync.sync(file);

        try (DtlsTestClient old = DtlsTestClient.psk(dtls.getPort(), id, oldKey)) {
            assertStored(old, id, 1);

            write("devices:\n" + psk(id, id, "key: " + hex(newKey)));
            DevicesFileResult result = sync.sync(file);

            assertThat(result.updated()).isEqualTo(1);
            assertThat(result.created()).isZero();
            assertRefused(old, id, 1);
        }
        assertStoredWith(id, id, newKey);
        assertHandshakeFails(id, oldKey);
    }

    @Test
    void anUnchangedEntryCausesNoWriteNoResealAndNoDroppedSession() throws Exception {
        String id = newId();
        byte[] key = randomKey();
        write("devices:\n" + psk(id, id, "key: " + hex(key)));
        sync.sync(file);
        byte[] sealed = sealedKey(id);
        Timestamp updatedAt = updatedAt(id);

        try (DtlsTestClient client = DtlsTestClient.psk(dtls.getPort(), id, key)) {
            assertStored(client, id, 1);

            DevicesFileResult again = sync.sync(file);

            assertThat(again.unchanged()).isEqualTo(1);
            assertThat(again.updated()).isZero();
            assertThat(again.created()).isZero();
            assertThat(again.disabled()).isZero();
            assertStored(client, id, 2);
        }
        assertThat(sealedKey(id)).isEqualTo(sealed);
        assertThat(updatedAt(id)).isEqualTo(updatedAt);
    }

    @Test
    void aDeviceThatDisappearsFromTheFileIsDisabledNotDeletedAndComesBackWithIt() throws Exception {
        String staying = newId();
        String leaving = newId();
        byte[] leavingKey = randomKey();
        String both =
                "devices:\n"
                        + psk(staying, staying, "key: " + hex(randomKey()))
                        + psk(leaving, leaving, "key: " + hex(leavingKey));
        write(both);
        sync.sync(file);

        try (DtlsTestClient client = DtlsTestClient.psk(dtls.getPort(), leaving, leavingKey)) {
            assertStored(client, leaving, 1);

            write(both.substring(0, both.indexOf("  - id: " + leaving)));
            DevicesFileResult result = sync.sync(file);

            assertThat(result.disabled()).isEqualTo(1);
            assertThat(result.unchanged()).isEqualTo(1);
            assertRefused(client, leaving, 1);
        }
        assertThat(device(leaving).at("/enabled").asBoolean()).isFalse();
        assertThat(device(staying).at("/enabled").asBoolean()).isTrue();

        write(both);
        DevicesFileResult back = sync.sync(file);

        assertThat(back.updated()).isEqualTo(1);
        assertThat(device(leaving).at("/enabled").asBoolean()).isTrue();
        assertStoredWith(leaving, leaving, leavingKey);
    }

    @Test
    void aDeviceRegisteredThroughTheApiIsLeftAloneUntilTheFileNamesItThenTheFileOwnsIt()
            throws Exception {
        String id = newId();
        byte[] apiKey = randomKey();
        byte[] fileKey = randomKey();
        assertThat(
                        api.post(
                                        "/api/v1/devices",
                                        "{\"id\":\""
                                                + id
                                                + "\",\"psk\":{\"identity\":\""
                                                + id
                                                + "\",\"key\":\""
                                                + hex(apiKey)
                                                + "\"}}")
                                .status())
                .isEqualTo(201);

        write("devices: []\n");
        sync.sync(file);

        assertThat(device(id).at("/enabled").asBoolean()).isTrue();
        assertThat(ownerOf(id)).isEqualTo("api");
        assertStoredWith(id, id, apiKey);

        write("devices:\n" + psk(id, id, "key: " + hex(fileKey)));
        DevicesFileResult takeOver = sync.sync(file);

        assertThat(takeOver.updated()).isEqualTo(1);
        assertThat(ownerOf(id)).isEqualTo("file");
        assertStoredWith(id, id, fileKey);

        write("devices: []\n");
        DevicesFileResult removed = sync.sync(file);

        assertThat(removed.disabled()).isEqualTo(1);
        assertThat(device(id).at("/enabled").asBoolean()).isFalse();
    }

    @Test
    void everyChangeTheFileMakesIsAuditedAsTheDevicesFileJob() throws Exception {
        String created = newId();
        String takenOver = newId();
        byte[] key = randomKey();
        api.post(
                "/api/v1/devices",
                "{\"id\":\""
                        + takenOver
                        + "\",\"psk\":{\"identity\":\""
                        + takenOver
                        + "\",\"key\":\""
                        + hex(randomKey())
                        + "\"}}");

        write(
                "devices:\n"
                        + psk(created, created, "key: " + hex(key))
                        + psk(takenOver, takenOver, "key: " + hex(key)));
        sync.sync(file);
        write("devices:\n" + psk(takenOver, takenOver, "key: " + hex(key)));
        sync.sync(file);

        assertThat(auditOf(created))
                .containsExactly(
                        "system:devices-file device.create", "system:devices-file device.disable");
        assertThat(auditOf(takenOver))
                .containsExactly(
                        "bootstrap device.create",
                        "system:devices-file device.credential.replace",
                        "system:devices-file device.file.take-over");
    }

    @Test
    void invalidEntriesAreReportedPreciselyAndTheValidOnesApplied(CapturedOutput output)
            throws Exception {
        String valid = newId();
        String taken = newId();
        String prefix = newId();
        api.post(
                "/api/v1/devices",
                "{\"id\":\""
                        + taken
                        + "\",\"psk\":{\"identity\":\""
                        + taken
                        + "\",\"key\":\""
                        + hex(randomKey())
                        + "\"}}");
        String key = "key: " + hex(randomKey());
        write(
                "devices:\n" // line 1; each entry below takes three lines
                        + psk(valid, valid, key) // devices[0], line 2
                        + psk("bad id!", prefix + "-a", key) // devices[1], line 5
                        + psk(prefix + "-short", prefix + "-b", "key: 00112233") // line 8
                        + psk(prefix + "-dup", prefix + "-c", key) // devices[3], line 11
                        + psk(prefix + "-dup", prefix + "-d", key) // devices[4], line 14
                        + psk(prefix + "-taken", taken, key) // devices[5], line 17
                        + psk(prefix + "-typo", prefix + "-e", "keyfile: x.key") // line 20
                        + psk(prefix + "-noenv", prefix + "-f", "keyEnv: NOT_SET_ANYWHERE_42")
                        + psk(prefix + "-nofile", prefix + "-g", "keyFile: missing.key")
                        + "  - enabled: maybe\n" // devices[9], line 29
                        + "    psk: {identity: x, key: 00}\n"
                        + "  - id: "
                        + prefix
                        + "-flag\n" // devices[10], line 31
                        + "    enabled: maybe\n"
                        + "    rpk: {publicKey: not a pem}\n"
                        + "  - id: "
                        + prefix
                        + "-rpk\n" // devices[11], line 34
                        + "    rpk: {publicKey: not a pem}\n");

        DevicesFileResult result = sync.sync(file);

        assertThat(result.state()).isEqualTo(DevicesFileResult.State.APPLIED);
        assertThat(result.created()).isEqualTo(1);
        assertThat(result.invalid()).isEqualTo(11);
        assertThat(result.errors())
                .contains(
                        "devices[1] (id bad id!, line 5): id is required: 1 to 64 letters,"
                                + " digits, '.', '_', ':' or '-', starting with a letter or digit",
                        "devices[2] (id "
                                + prefix
                                + "-short, line 8): psk.key must be 16 to 64 bytes"
                                + " (32 to 128 hex digits), got 4",
                        "devices[3] (id "
                                + prefix
                                + "-dup, line 11): id "
                                + prefix
                                + "-dup is given 2 times; no entry for it is applied",
                        "devices[4] (id "
                                + prefix
                                + "-dup, line 14): id "
                                + prefix
                                + "-dup is given 2 times; no entry for it is applied",
                        "devices[5] (id "
                                + prefix
                                + "-taken, line 17): another device already uses the PSK"
                                + " identity "
                                + taken,
                        "devices[7] (id "
                                + prefix
                                + "-noenv, line 23): psk.keyEnv names NOT_SET_ANYWHERE_42,"
                                + " which is not set",
                        "devices[8] (id "
                                + prefix
                                + "-nofile, line 26): psk.keyFile "
                                + dir.resolve("missing.key")
                                + " does not exist",
                        "devices[9] (line 29): id is required: 1 to 64 letters, digits, '.',"
                                + " '_', ':' or '-', starting with a letter or digit",
                        "devices[10] (id "
                                + prefix
                                + "-flag, line 31): enabled must be true or false",
                        "devices[11] (id "
                                + prefix
                                + "-rpk, line 34): rpk.publicKey must be a PEM block from"
                                + " -----BEGIN PUBLIC KEY----- to -----END PUBLIC KEY-----");
        assertThat(result.errors())
                .anySatisfy(
                        error ->
                                assertThat(error)
                                        .startsWith(
                                                "devices[6] (id "
                                                        + prefix
                                                        + "-typo, line 20): unknown field"
                                                        + " psk.keyfile at line 22, column ")
                                        .endsWith(
                                                "; expected psk.identity, psk.key, psk.keyEnv,"
                                                        + " psk.keyFile"));
        assertThat(device(valid).at("/enabled").asBoolean()).isTrue();
        assertThat(api.get("/api/v1/devices/" + prefix + "-dup").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/devices/" + prefix + "-taken").status()).isEqualTo(404);
        assertThat(output)
                .contains(
                        "Devices file "
                                + file
                                + ": devices[2] (id "
                                + prefix
                                + "-short, line 8) is invalid: psk.key must be 16 to 64 bytes")
                .contains("Applied the devices file " + file + ": 1 created, 0 updated");
        assertThat(output).containsPattern("0 unchanged, 11 invalid");
    }

    @Test
    void aDeviceWhoseEntryTurnsInvalidIsLeftAsItIs() throws Exception {
        String id = newId();
        byte[] key = randomKey();
        write("devices:\n" + psk(id, id, "key: " + hex(key)));
        sync.sync(file);

        write("devices:\n" + psk(id, id, "key: not-hex-at-all"));
        DevicesFileResult result = sync.sync(file);

        assertThat(result.invalid()).isEqualTo(1);
        assertThat(result.disabled()).isZero();
        assertThat(result.errors())
                .containsExactly("devices[0] (id " + id + ", line 2): psk.key must be hexadecimal");
        assertThat(device(id).at("/enabled").asBoolean()).isTrue();
        assertStoredWith(id, id, key);
    }

    @Test
    void aFileBeingWrittenInPlaceIsAppliedOnlyOnceTwoChecksFindTheSameContent() throws Exception {
        String first = newId();
        String second = newId();
        String full =
                "devices:\n"
                        + psk(first, first, "key: " + hex(randomKey()))
                        + psk(second, second, "key: " + hex(randomKey()));
        write(full);
        DevicesFileWatcher watcher =
                new DevicesFileWatcher(
                        sync,
                        scheduler,
                        new DevicesFileProperties(
                                file, Duration.ofHours(1), DataSize.ofMegabytes(1)));
        sync.sync(file);
        String third = newId();
        String grown = full + psk(third, third, "key: " + hex(randomKey()));

        write(grown.substring(0, full.indexOf("  - id: " + second)));
        watcher.check();
        write(grown);
        watcher.check();

        assertThat(device(second).at("/enabled").asBoolean()).isTrue();
        assertThat(api.get("/api/v1/devices/" + third).status()).isEqualTo(404);

        watcher.check();

        assertThat(device(third).at("/enabled").asBoolean()).isTrue();
        assertThat(device(second).at("/enabled").asBoolean()).isTrue();
        assertThat(sync.lastResult().orElseThrow().created()).isEqualTo(1);
    }

    @Test
    void aFileThatCannotBeReadOrParsedChangesNothing() throws Exception {
        String id = newId();
        byte[] key = randomKey();
        write("devices:\n" + psk(id, id, "key: " + hex(key)));
        sync.sync(file);
        double errorsBefore = errors();

        Files.delete(file);
        DevicesFileResult missing = sync.sync(file);
        write("devices:\n  - id: " + id + "\n    psk: {identity: " + id + ", key: [unclosed\n");
        DevicesFileResult broken = sync.sync(file);
        write("");
        DevicesFileResult empty = sync.sync(file);
        write("device:\n" + psk(newId(), "x", "key: " + hex(randomKey())));
        DevicesFileResult misspelt = sync.sync(file);
        write("devices:\n");
        DevicesFileResult nullList = sync.sync(file);
        Files.write(file, new byte[] {'d', 'e', (byte) 0xc3, 0x28});
        DevicesFileResult notUtf8 = sync.sync(file);
        Files.write(file, new byte[8 * 1024 * 1024 + 1]);
        DevicesFileResult tooLarge = sync.sync(file);

        assertThat(missing.state()).isEqualTo(DevicesFileResult.State.UNREADABLE);
        assertThat(missing.errors())
                .containsExactly("The devices file " + file + " does not exist");
        assertThat(broken.state()).isEqualTo(DevicesFileResult.State.UNREADABLE);
        assertThat(broken.errors().get(0))
                .startsWith("The devices file " + file + " is not valid YAML: ")
                .contains(" at line ");
        assertThat(empty.errors().get(0))
                .endsWith("is empty; it needs a top-level devices list (devices: [] for none)");
        assertThat(misspelt.errors().get(0)).contains("unknown field device at line 1, column 1");
        assertThat(nullList.errors().get(0))
                .contains("devices must be a list (devices: [] for none)");
        assertThat(notUtf8.errors())
                .containsExactly("The devices file " + file + " is not UTF-8 text");
        assertThat(tooLarge.errors())
                .containsExactly("The devices file " + file + " is larger than 8388608 bytes");
        assertThat(errors()).isEqualTo(errorsBefore + 7);
        assertThat(device(id).at("/enabled").asBoolean()).isTrue();
        assertStoredWith(id, id, key);
    }

    @Test
    void noKeyReachesTheLogWhateverHappens(CapturedOutput output) throws Exception {
        String id = newId();
        byte[] first = randomKey();
        byte[] second = randomKey();
        byte[] shortKey = new byte[15];
        new SecureRandom().nextBytes(shortKey);
        byte[] fileKey = randomKey();
        writeKeyFile(dir.resolve("k.key"), hex(fileKey));
        String other = newId();

        write(
                "devices:\n"
                        + psk(id, id, "key: " + hex(first))
                        + psk(other, other, "keyFile: k.key"));
        sync.sync(file);
        write(
                "devices:\n"
                        + psk(id, id, "key: " + hex(second))
                        + psk(other, other, "key: " + hex(shortKey)));
        sync.sync(file);
        // Broken right after the key: a YAML parser's own message quotes the line it stopped at.
        write("devices:\n  - id: " + id + "\n    psk: {key: " + hex(first) + "\n");
        sync.sync(file);

        assertThat(output).contains("Applied the devices file").contains("is not valid YAML");
        for (byte[] key : new byte[][] {first, second, shortKey, fileKey}) {
            assertThat(output.getAll())
                    .doesNotContainIgnoringCase(hex(key).substring(0, 16))
                    .doesNotContainIgnoringCase(hex(key).substring(16));
        }
    }

    private void write(String yaml) throws IOException {
        Files.writeString(file, yaml);
    }

    /** A PSK entry in three lines; {@code key} is one of the key, keyFile or keyEnv fields. */
    private static String psk(String id, String identity, String key) {
        return "  - id: " + id + "\n    psk:\n      {identity: " + identity + ", " + key + "}\n";
    }

    private tools.jackson.databind.JsonNode device(String id) {
        ApiClient.Response response = api.get("/api/v1/devices/" + id);
        assertThat(response.status()).as("GET device " + id).isEqualTo(200);
        return response.json();
    }

    private String ownerOf(String id) {
        return jdbc.sql("select managed_by from devices where id = ?")
                .param(id)
                .query(String.class)
                .single();
    }

    private byte[] sealedKey(String id) {
        return jdbc.sql("select psk_key_sealed from device_credentials where device_id = ?")
                .param(id)
                .query(byte[].class)
                .single();
    }

    private Timestamp updatedAt(String id) {
        return jdbc.sql("select updated_at from devices where id = ?")
                .param(id)
                .query(Timestamp.class)
                .single();
    }

    private double errors() {
        return meters.find("ingest.devices.file.errors").counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }

    @Test
    void aKeyFileOtherUsersMayReadMakesItsEntryInvalid() throws Exception {
        String id = newId();
        Path keyFile = dir.resolve(id + ".key");
        Files.writeString(keyFile, hex(randomKey()));
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));
        write("devices:\n" + psk(id, id, "keyFile: " + id + ".key"));

        DevicesFileResult result = sync.sync(file);

        assertThat(result.invalid()).isEqualTo(1);
        assertThat(result.errors())
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains(id)
                .contains("other users may read or change it");
        assertThat(api.get("/api/v1/devices/" + id).status()).isEqualTo(404);
    }

    private static void writeKeyFile(Path path, String key) throws IOException {
        Files.writeString(path, key);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
    }

    /** The audit entries of a device, oldest first, as "actor action". */
    private java.util.List<String> auditOf(String id) {
        return jdbc.sql("select actor || ' ' || action from audit_log where target = ? order by id")
                .param(id)
                .query(String.class)
                .list();
    }

    private void assertStoredWith(String id, String identity, byte[] key) throws Exception {
        try (DtlsTestClient client = DtlsTestClient.psk(dtls.getPort(), identity, key)) {
            assertStored(client, id, readings(id) + 1);
        }
    }

    private void assertStored(DtlsTestClient client, String id, int readingsAfter)
            throws Exception {
        String reply = new String(client.exchange(reading()), StandardCharsets.UTF_8);

        assertThat(reply).contains("\"ok\"");
        assertThat(readings(id)).isEqualTo(readingsAfter);
    }

    /** The session is gone: the record is neither stored nor answered. */
    private void assertRefused(DtlsTestClient client, String id, int readingsBefore)
            throws Exception {
        client.send(reading());

        client.assertNoReplyWithin(SILENCE);
        assertThat(readings(id)).isEqualTo(readingsBefore);
    }

    private void assertHandshakeFails(String identity, byte[] key) {
        try (DtlsTestClient client = DtlsTestClient.psk(dtls.getPort(), identity, key)) {
            assertThatThrownBy(() -> client.send(reading()).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class);
        }
    }

    private int readings(String deviceId) {
        return jdbc.sql("select count(*) from readings where device_id = ?")
                .param(deviceId)
                .query(Integer.class)
                .single();
    }

    private static byte[] reading() {
        return "{\"temperature\":20.5}".getBytes(StandardCharsets.UTF_8);
    }

    private static String newId() {
        return "file-" + DEVICE_NUMBER.incrementAndGet() + "-" + System.nanoTime() % 100_000;
    }

    static byte[] randomKey() {
        byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        return key;
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static KeyPair p256() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static String pem(KeyPair keys) {
        return PublicKeys.toPem(keys.getPublic().getEncoded());
    }

    private static String indent(String text, String prefix) {
        return text.lines().map(line -> prefix + line + "\n").reduce("", String::concat);
    }
}
