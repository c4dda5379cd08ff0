package io.dtlsingest.device;

import io.dtlsingest.audit.AuditTrail;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Registers, changes and removes devices and rotates their credentials. Validates every field with
 * a message naming it, and announces each change, which drops cached credentials and ends the live
 * sessions of whatever was revoked before the caller hears back.
 *
 * <p>Each change is recorded in the audit trail in the transaction that makes it, so a change is
 * committed with its audit entry or not at all; the announcement follows the commit.
 */
@Service
public class DeviceService {

    private static final int RESEAL_BATCH = 500;

    private static final Logger log = LoggerFactory.getLogger(DeviceService.class);
    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
    private static final int MAX_IDENTITY_LENGTH = 128;
    private static final int MIN_KEY_BYTES = 16;
    private static final int MAX_KEY_BYTES = 64;

    private final DeviceRepository repository;
    private final ApplicationEventPublisher events;
    private final DeviceProperties properties;
    private final AuditTrail audit;

    DeviceService(
            DeviceRepository repository,
            ApplicationEventPublisher events,
            DeviceProperties properties,
            AuditTrail audit) {
        this.repository = repository;
        this.events = events;
        this.properties = properties;
        this.audit = audit;
    }

    /**
     * Registers a device.
     *
     * @throws InvalidDeviceException naming the field that is wrong
     * @throws DeviceConflictException when the id, identity or key is taken
     */
    @Transactional
    public Device create(DeviceRequests.Create request) {
        String id = request.id();
        if (id == null || !DEVICE_ID.matcher(id).matches()) {
            throw new InvalidDeviceException(
                    "id is required: 1 to 64 letters, digits, '.', '_', ':' or '-',"
                            + " starting with a letter or digit");
        }
        boolean enabled = request.enabled() == null || request.enabled();
        NewCredential credential = credential(request.psk(), request.rpk());
        try {
            repository.insert(new NewDevice(id, enabled, credential));
        } finally {
            wipe(credential);
        }
        audit.record(
                "device.create",
                id,
                Map.of("enabled", enabled, "auth", credential.auth().wireName()));
        events.publishEvent(DeviceChangedEvent.changed(id));
        log.info("Registered device {} ({})", id, credential.auth().wireName());
        return get(id);
    }

    /** Registers a PSK device unless one with that id exists; used to provision demo devices. */
    @Transactional
    public void createPskDeviceIfAbsent(String id, String identity, byte[] key) {
        if (repository.exists(id)) {
            return;
        }
        HexFormat hex = HexFormat.of();
        create(
                new DeviceRequests.Create(
                        id, true, new DeviceRequests.Psk(identity, hex.formatHex(key)), null));
    }

    public List<Device> list(int limit, long offset) {
        return repository.findAll(limit, offset);
    }

    /**
     * @throws DeviceNotFoundException when there is no such device
     */
    public Device get(String id) {
        return repository.findById(id).orElseThrow(() -> new DeviceNotFoundException(id));
    }

    /**
     * Enables or disables a device. Disabling ends its live sessions at once.
     *
     * @throws DeviceNotFoundException when there is no such device
     */
    @Transactional
    public Device update(String id, DeviceRequests.Update request) {
        if (request.enabled() == null) {
            throw new InvalidDeviceException("enabled is required (true or false)");
        }
        if (!repository.setEnabled(id, request.enabled())) {
            throw new DeviceNotFoundException(id);
        }
        audit.record(request.enabled() ? "device.enable" : "device.disable", id, Map.of());
        events.publishEvent(
                request.enabled()
                        ? DeviceChangedEvent.changed(id)
                        : DeviceChangedEvent.revokedAll(id));
        log.info("Device {} {}", id, request.enabled() ? "enabled" : "disabled");
        return get(id);
    }

    /**
     * Deletes a device and ends its live sessions; its readings stay.
     *
     * @throws DeviceNotFoundException when there is no such device
     */
    @Transactional
    public void delete(String id) {
        if (!repository.delete(id)) {
            throw new DeviceNotFoundException(id);
        }
        audit.record("device.delete", id, Map.of());
        events.publishEvent(DeviceChangedEvent.revokedAll(id));
        log.info("Deleted device {}", id);
    }

    /**
     * Replaces every credential of a device at once and ends the sessions they opened.
     *
     * @throws DeviceNotFoundException when there is no such device
     */
    @Transactional
    public Device replaceCredential(String id, DeviceRequests.Credential request) {
        get(id);
        NewCredential credential = credential(request.psk(), request.rpk());
        List<CredentialId> old;
        try {
            old = repository.replace(id, credential);
        } finally {
            wipe(credential);
        }
        audit.record("device.credential.replace", id, Map.of("auth", credential.auth().wireName()));
        events.publishEvent(DeviceChangedEvent.revoked(id, old));
        log.info("Replaced the credentials of device {}", id);
        return get(id);
    }

    /**
     * Adds the credential a device rotates to. Both it and the current one authenticate until the
     * operator promotes it or the overlap ends, whichever comes first.
     *
     * @throws DeviceNotFoundException when there is no such device
     * @throws DeviceConflictException when a next credential is pending already
     */
    @Transactional
    public Device addNextCredential(String id, DeviceRequests.Next request) {
        get(id);
        Duration overlap = overlap(request.overlap());
        NewCredential credential = credential(request.psk(), request.rpk());
        Instant promoteAt = Instant.now().plus(overlap);
        try {
            repository.insertNext(id, credential, promoteAt);
        } finally {
            wipe(credential);
        }
        audit.record(
                "device.credential.next.add",
                id,
                Map.of("auth", credential.auth().wireName(), "promoteAt", promoteAt.toString()));
        events.publishEvent(DeviceChangedEvent.changed(id));
        log.info("Device {} may use its next credential too, for {}", id, overlap);
        return get(id);
    }

    /**
     * Makes a device's next credential its only one and ends the sessions of the old one.
     *
     * @throws DeviceNotFoundException when there is no such device
     * @throws InvalidDeviceException when no next credential is pending
     */
    @Transactional
    public Device promoteNext(String id) {
        get(id);
        Optional<CredentialId> dropped = repository.promote(id);
        if (dropped.isEmpty()) {
            throw new InvalidDeviceException("device " + id + " has no next credential to promote");
        }
        audit.record("device.credential.next.promote", id, Map.of());
        events.publishEvent(DeviceChangedEvent.revoked(id, List.of(dropped.get())));
        log.info("Device {} moved to its next credential; the old one is revoked", id);
        return get(id);
    }

    /**
     * Cancels a pending rotation: the next credential is dropped and its sessions ended.
     *
     * @throws DeviceNotFoundException when there is no such device
     * @throws InvalidDeviceException when no next credential is pending
     */
    @Transactional
    public void cancelNextCredential(String id) {
        get(id);
        CredentialId dropped =
                repository
                        .deleteNext(id)
                        .orElseThrow(
                                () ->
                                        new InvalidDeviceException(
                                                "device " + id + " has no next credential"));
        audit.record("device.credential.next.cancel", id, Map.of());
        events.publishEvent(DeviceChangedEvent.revoked(id, List.of(dropped)));
        log.info("Cancelled the next credential of device {}", id);
    }

    /**
     * Re-seals every stored PSK under the current key-encryption key, after the operator made a new
     * one current; the old one may be removed from the configuration afterwards. Works in batches
     * so neither memory nor one transaction grows with the fleet, which is also why its audit entry
     * follows the batches instead of sharing their transactions.
     */
    public ResealResult resealKeys() {
        int resealed = 0;
        int batch;
        do {
            batch = repository.resealBatch(RESEAL_BATCH);
            resealed += batch;
        } while (batch == RESEAL_BATCH);
        int unreadable = repository.countSealedUnderUnknownKeys();
        if (unreadable > 0) {
            log.warn(
                    "{} device keys are sealed under a key-encryption key that is not configured;"
                            + " those devices cannot authenticate until it is added to"
                            + " ingest.secrets.previous-keys",
                    unreadable);
        }
        audit.record(
                "device.keys.reseal",
                "device-keys",
                Map.of("resealed", resealed, "unreadable", unreadable));
        log.info("Re-sealed {} device keys under the current key-encryption key", resealed);
        return new ResealResult(resealed, unreadable);
    }

    /**
     * What a re-seal did.
     *
     * @param resealed keys now sealed under the current key
     * @param unreadable keys sealed under a key that is not configured, left as they are
     */
    public record ResealResult(int resealed, int unreadable) {}

    private Duration overlap(@Nullable String requested) {
        if (requested == null) {
            return properties.rotationOverlap();
        }
        Duration overlap;
        try {
            overlap = Duration.parse(requested);
        } catch (DateTimeParseException e) {
            throw new InvalidDeviceException(
                    "overlap must be an ISO-8601 duration such as P7D or PT12H");
        }
        if (overlap.compareTo(Duration.ofMinutes(1)) < 0
                || overlap.compareTo(properties.maxRotationOverlap()) > 0) {
            throw new InvalidDeviceException(
                    "overlap must be between PT1M and " + properties.maxRotationOverlap());
        }
        return overlap;
    }

    private static NewCredential credential(
            DeviceRequests.@Nullable Psk psk, DeviceRequests.@Nullable Rpk rpk) {
        if ((psk == null) == (rpk == null)) {
            throw new InvalidDeviceException("exactly one of psk or rpk is required");
        }
        if (psk != null) {
            return new NewCredential(identity(psk.identity()), key(psk.key()), null);
        }
        if (rpk.publicKey() == null) {
            throw new InvalidDeviceException("rpk.publicKey is required");
        }
        return new NewCredential(null, null, PublicKeys.parseP256(rpk.publicKey()));
    }

    private static void wipe(NewCredential credential) {
        if (credential.pskKey() != null) {
            Arrays.fill(credential.pskKey(), (byte) 0);
        }
    }

    private static String identity(@Nullable String identity) {
        if (identity == null || identity.isEmpty() || identity.length() > MAX_IDENTITY_LENGTH) {
            throw new InvalidDeviceException(
                    "psk.identity is required: 1 to " + MAX_IDENTITY_LENGTH + " characters");
        }
        if (identity.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new InvalidDeviceException("psk.identity must not contain control characters");
        }
        return identity;
    }

    private static byte[] key(@Nullable String hexKey) {
        byte[] key;
        try {
            key = HexFormat.of().parseHex(hexKey == null ? "" : hexKey);
        } catch (IllegalArgumentException e) {
            throw new InvalidDeviceException("psk.key must be hexadecimal");
        }
        if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
            throw new InvalidDeviceException(
                    "psk.key must be "
                            + MIN_KEY_BYTES
                            + " to "
                            + MAX_KEY_BYTES
                            + " bytes ("
                            + 2 * MIN_KEY_BYTES
                            + " to "
                            + 2 * MAX_KEY_BYTES
                            + " hex digits), got "
                            + key.length);
        }
        return key;
    }
}
