package io.dtlsingest.device;

import io.dtlsingest.audit.Actor;
import io.dtlsingest.audit.AuditTrail;
import io.dtlsingest.secrets.SecretBox;
import io.dtlsingest.secrets.SecretFiles;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Makes the devices match a devices file: registers the devices it lists, changes those whose
 * credential or enabled flag differ, and disables the devices it owns that it no longer lists.
 * Every change goes through {@link DeviceService}, so it is validated, its PSK sealed and the live
 * sessions of a revoked credential ended, exactly as through the API. An entry that matches its
 * device already causes no write at all.
 *
 * <p>A file that cannot be read or parsed changes nothing: a mount that blinks or an editor that is
 * half way through writing must not disable the fleet.
 */
@Component
public class DevicesFileSync {

    private static final Logger log = LoggerFactory.getLogger(DevicesFileSync.class);
    private static final int MAX_KEY_FILE_BYTES = 1024;
    private static final Actor FILE_ACTOR = Actor.system("devices-file");

    private final DeviceService devices;
    private final AuditTrail audit;
    private final ManagedDevices managed;
    private final SecretBox box;
    private final MeterRegistry meters;
    private final int maxFileBytes;
    private final DevicesFileParser parser;

    private volatile @Nullable DevicesFileResult last;
    private volatile List<Path> lastKeyFiles = List.of();
    private boolean databaseFailing;

    DevicesFileSync(
            DeviceService devices,
            AuditTrail audit,
            ManagedDevices managed,
            SecretBox box,
            MeterRegistry meters,
            DevicesFileProperties properties) {
        this.devices = devices;
        this.audit = audit;
        this.managed = managed;
        this.box = box;
        this.meters = meters;
        this.maxFileBytes = (int) properties.fileMaxSize().toBytes();
        this.parser = new DevicesFileParser(maxFileBytes);
        Gauge.builder("ingest.devices.file.invalid.entries", this, DevicesFileSync::lastInvalid)
                .description("Entries of the devices file that the last check could not apply")
                .register(meters);
    }

    /** The result of the last check, if there was one. */
    public Optional<DevicesFileResult> lastResult() {
        return Optional.ofNullable(last);
    }

    /**
     * A digest of the file and of the key files it referred to at the last check, to compare with
     * {@link DevicesFileResult#fingerprint()}. Cheap enough to call every few seconds: it reads and
     * hashes the files, and parses nothing.
     */
    String fingerprint(Path file) {
        return fingerprint(file, lastKeyFiles);
    }

    /** Reads the devices file and applies it; see the class description. */
    public synchronized DevicesFileResult sync(Path file) {
        DevicesFileResult result = Actor.callAs(FILE_ACTOR, () -> check(file));
        last = result;
        return result;
    }

    private DevicesFileResult check(Path file) {
        byte[] bytes;
        String text;
        try {
            bytes = read(file, maxFileBytes);
            text = utf8(bytes);
        } catch (IOException e) {
            lastKeyFiles = List.of();
            String error = unreadable(file, e);
            return unusable(file, "unreadable", error, error);
        }
        DevicesFileParser.Content content;
        try {
            content = parser.parse(text, directoryOf(file));
        } catch (MalformedDevicesFileException e) {
            lastKeyFiles = List.of();
            return unusable(
                    file,
                    "malformed",
                    "The devices file " + file + " " + e.getMessage(),
                    fingerprint(bytes, List.of()));
        }
        lastKeyFiles = content.keyFiles();
        String fingerprint = fingerprint(bytes, content.keyFiles());
        try {
            DevicesFileResult result =
                    managed.underSyncLock(() -> new Run(file, fingerprint).apply(content));
            databaseFailing = false;
            return result;
        } catch (DataAccessException e) {
            return databaseFailed(file, e);
        }
    }

    private DevicesFileResult unusable(Path file, String reason, String error, String fingerprint) {
        log.warn("{}; nothing was changed", error);
        meters.counter("ingest.devices.file.errors", "reason", reason).increment();
        return DevicesFileResult.unusable(
                file, DevicesFileResult.State.UNREADABLE, error, fingerprint);
    }

    private DevicesFileResult databaseFailed(Path file, DataAccessException e) {
        String error = "The database failed while the devices file was applied: " + e.getMessage();
        if (!databaseFailing) {
            log.warn("{}; the next check tries again", error);
        } else {
            log.debug("{}; the next check tries again", error);
        }
        databaseFailing = true;
        meters.counter("ingest.devices.file.errors", "reason", "database").increment();
        return DevicesFileResult.unusable(file, DevicesFileResult.State.FAILED, error, null);
    }

    /** One application of a parsed file, with its counts. */
    private final class Run {

        private final Path file;
        private final String fingerprint;
        private final List<String> errors = new ArrayList<>();
        private int created;
        private int updated;
        private int disabled;
        private int unchanged;
        private int invalid;

        Run(Path file, String fingerprint) {
            this.file = file;
            this.fingerprint = fingerprint;
        }

        DevicesFileResult apply(DevicesFileParser.Content content) {
            content.invalid().forEach(this::reject);
            for (DevicesFileEntry entry : content.entries()) {
                try {
                    count(applyEntry(entry));
                } catch (InvalidDeviceException
                        | DeviceConflictException
                        | DeviceNotFoundException e) {
                    reject(
                            new DevicesFileEntry.Invalid(
                                    entry.position(), entry.id(), e.getMessage()));
                }
            }
            for (String id : managed.enabledOwnedByFile()) {
                if (!content.namedIds().contains(id)) {
                    disable(id);
                }
            }
            log.info(
                    "Applied the devices file {}: {} created, {} updated, {} disabled,"
                            + " {} unchanged, {} invalid",
                    file,
                    created,
                    updated,
                    disabled,
                    unchanged,
                    invalid);
            return new DevicesFileResult(
                    file,
                    Instant.now(),
                    DevicesFileResult.State.APPLIED,
                    created,
                    updated,
                    disabled,
                    unchanged,
                    invalid,
                    List.copyOf(errors),
                    fingerprint);
        }

        private Change applyEntry(DevicesFileEntry entry) {
            DeviceRequests.Psk psk = entry.psk() == null ? null : psk(entry.psk());
            DeviceRequests.Rpk rpk =
                    entry.rpkPem() == null ? null : new DeviceRequests.Rpk(entry.rpkPem());
            Optional<Device> existing = find(entry.id());
            if (existing.isEmpty()) {
                devices.create(new DeviceRequests.Create(entry.id(), entry.enabled(), psk, rpk));
                managed.takeOver(entry.id());
                return Change.CREATED;
            }
            Change change = Change.UNCHANGED;
            if (!sameCredential(entry.id(), psk, rpk)) {
                devices.replaceCredential(entry.id(), new DeviceRequests.Credential(psk, rpk));
                change = Change.UPDATED;
            }
            if (existing.get().enabled() != entry.enabled()) {
                devices.update(entry.id(), new DeviceRequests.Update(entry.enabled()));
                change = Change.UPDATED;
            }
            if (managed.takeOver(entry.id())) {
                audit.record("device.file.take-over", entry.id(), Map.of("file", file.toString()));
                log.info(
                        "The devices file {} now owns device {}, registered through the API until"
                                + " now",
                        file,
                        entry.id());
            }
            return change;
        }

        private void disable(String id) {
            try {
                devices.update(id, new DeviceRequests.Update(false));
                meters.counter("ingest.devices.file.changes", "change", "disabled").increment();
                disabled++;
            } catch (DeviceNotFoundException e) {
                log.debug("Device {} was deleted while the devices file was applied", id);
            }
        }

        private void count(Change change) {
            switch (change) {
                case CREATED -> created++;
                case UPDATED -> updated++;
                case UNCHANGED -> unchanged++;
            }
            if (change != Change.UNCHANGED) {
                meters.counter("ingest.devices.file.changes", "change", change.tag).increment();
            }
        }

        private void reject(DevicesFileEntry.Invalid entry) {
            invalid++;
            if (errors.size() < DevicesFileResult.MAX_ERRORS) {
                errors.add(entry.describe());
                log.warn(
                        "Devices file {}: {} is invalid: {}",
                        file,
                        entry.position(),
                        entry.reason());
            } else if (errors.size() == DevicesFileResult.MAX_ERRORS) {
                errors.add("and more invalid entries, not listed");
                log.warn("Devices file {}: more invalid entries, not logged", file);
            }
        }
    }

    private enum Change {
        CREATED("created"),
        UPDATED("updated"),
        UNCHANGED("unchanged");

        private final String tag;

        Change(String tag) {
            this.tag = tag;
        }
    }

    private Optional<Device> find(String id) {
        try {
            return Optional.of(devices.get(id));
        } catch (DeviceNotFoundException e) {
            return Optional.empty();
        }
    }

    private static DeviceRequests.Psk psk(DevicesFileEntry.Psk psk) {
        return new DeviceRequests.Psk(psk.identity(), keyHex(psk.key()));
    }

    private static String keyHex(DevicesFileEntry.KeySource source) {
        if (source instanceof DevicesFileEntry.KeySource.Inline inline) {
            return inline.hex();
        }
        if (source instanceof DevicesFileEntry.KeySource.Env env) {
            String value = System.getenv(env.name());
            if (value == null) {
                throw new InvalidDeviceException(
                        "psk.keyEnv names " + env.name() + ", which is not set");
            }
            return value.strip();
        }
        Path keyFile = ((DevicesFileEntry.KeySource.File) source).path();
        String key;
        try {
            key = utf8(read(keyFile, MAX_KEY_FILE_BYTES)).strip();
        } catch (IOException e) {
            throw new InvalidDeviceException("psk.keyFile " + keyFile + " " + describe(e));
        }
        try {
            SecretFiles.checkPrivate(keyFile, "psk.keyFile");
        } catch (IllegalStateException e) {
            throw new InvalidDeviceException(e.getMessage());
        }
        return key;
    }

    /**
     * Whether the device's current credential is the one given. Compares PSKs in constant time and
     * wipes both copies; a key that does not parse counts as different, so that the service reports
     * it.
     */
    private boolean sameCredential(
            String id, DeviceRequests.@Nullable Psk psk, DeviceRequests.@Nullable Rpk rpk) {
        Optional<ManagedDevices.StoredCredential> stored = managed.currentCredential(id);
        if (stored.isEmpty()) {
            return false;
        }
        if (rpk != null) {
            byte[] wanted = PublicKeys.parseP256(rpk.publicKey());
            return stored.get().publicKey() != null
                    && Arrays.equals(stored.get().publicKey(), wanted);
        }
        PskCredential current = stored.get().psk();
        if (current == null || !current.identity().equals(psk.identity())) {
            return false;
        }
        byte[] wanted;
        try {
            wanted = HexFormat.of().parseHex(psk.key());
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] have = null;
        try {
            have = current.open(box);
            return MessageDigest.isEqual(have, wanted);
        } catch (IllegalStateException e) {
            // Sealed under a key-encryption key no longer configured: replacing it re-seals it.
            return false;
        } finally {
            Arrays.fill(wanted, (byte) 0);
            if (have != null) {
                Arrays.fill(have, (byte) 0);
            }
        }
    }

    private static byte[] read(Path file, int maxBytes) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new IOException("is larger than " + maxBytes + " bytes");
            }
            return bytes;
        }
    }

    private static String utf8(byte[] bytes) throws IOException {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IOException("is not UTF-8 text", e);
        }
    }

    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "does not exist";
        }
        if (e instanceof AccessDeniedException) {
            return "cannot be read: permission denied";
        }
        if (e.getMessage() != null && e.getMessage().startsWith("is ")) {
            return e.getMessage();
        }
        return "cannot be read: " + e;
    }

    private static Path directoryOf(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of("") : parent;
    }

    private String fingerprint(Path file, List<Path> keyFiles) {
        try {
            return fingerprint(read(file, maxFileBytes), keyFiles);
        } catch (IOException e) {
            return unreadable(file, e);
        }
    }

    /** SHA-256 of the file and of each key file it refers to, or of why that cannot be read. */
    private static String fingerprint(byte[] content, List<Path> keyFiles) {
        MessageDigest digest = sha256();
        digest.update(content);
        for (Path keyFile : keyFiles) {
            digest.update(keyFile.toString().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            try {
                digest.update(read(keyFile, MAX_KEY_FILE_BYTES));
            } catch (IOException e) {
                digest.update(("!" + describe(e)).getBytes(StandardCharsets.UTF_8));
            }
            digest.update((byte) 0);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    /** Why the file cannot be read; also its fingerprint, so that one failure is reported once. */
    private static String unreadable(Path file, IOException e) {
        return "The devices file " + file + " " + describe(e);
    }

    private double lastInvalid() {
        DevicesFileResult result = last;
        return result == null ? 0 : result.invalid();
    }
}
