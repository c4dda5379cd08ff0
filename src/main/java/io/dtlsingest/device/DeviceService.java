package io.dtlsingest.device;

import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Registers, changes and removes devices. Validates every field with a message naming it, and
 * announces each change so that cached credentials are dropped.
 */
@Service
public class DeviceService {

    private static final Logger log = LoggerFactory.getLogger(DeviceService.class);
    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
    private static final int MAX_IDENTITY_LENGTH = 128;
    private static final int MIN_KEY_BYTES = 16;
    private static final int MAX_KEY_BYTES = 64;

    private final DeviceRepository repository;
    private final ApplicationEventPublisher events;

    DeviceService(DeviceRepository repository, ApplicationEventPublisher events) {
        this.repository = repository;
        this.events = events;
    }

    /**
     * Registers a device.
     *
     * @throws InvalidDeviceException naming the field that is wrong
     * @throws DeviceConflictException when the id, identity or key is taken
     */
    public Device create(DeviceRequests.Create request) {
        NewDevice device = validate(request);
        repository.insert(device);
        events.publishEvent(new DeviceChangedEvent(device.id()));
        log.info(
                "Registered device {} ({})",
                device.id(),
                device.publicKey() == null ? "psk" : "rpk");
        return get(device.id());
    }

    /** Registers a PSK device unless one with that id exists; used to provision demo devices. */
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
     * @throws DeviceNotFoundException when there is no such device
     */
    public Device update(String id, DeviceRequests.Update request) {
        if (request.enabled() == null) {
            throw new InvalidDeviceException("enabled is required (true or false)");
        }
        if (!repository.setEnabled(id, request.enabled())) {
            throw new DeviceNotFoundException(id);
        }
        events.publishEvent(new DeviceChangedEvent(id));
        log.info("Device {} {}", id, request.enabled() ? "enabled" : "disabled");
        return get(id);
    }

    /**
     * @throws DeviceNotFoundException when there is no such device
     */
    public void delete(String id) {
        if (!repository.delete(id)) {
            throw new DeviceNotFoundException(id);
        }
        events.publishEvent(new DeviceChangedEvent(id));
        log.info("Deleted device {}", id);
    }

    private static NewDevice validate(DeviceRequests.Create request) {
        String id = request.id();
        if (id == null || !DEVICE_ID.matcher(id).matches()) {
            throw new InvalidDeviceException(
                    "id is required: 1 to 64 letters, digits, '.', '_', ':' or '-',"
                            + " starting with a letter or digit");
        }
        boolean enabled = request.enabled() == null || request.enabled();
        if ((request.psk() == null) == (request.rpk() == null)) {
            throw new InvalidDeviceException("exactly one of psk or rpk is required");
        }
        if (request.psk() != null) {
            DeviceRequests.Psk psk = request.psk();
            return new NewDevice(id, enabled, identity(psk.identity()), key(psk.key()), null);
        }
        String pem = request.rpk().publicKey();
        if (pem == null) {
            throw new InvalidDeviceException("rpk.publicKey is required");
        }
        return new NewDevice(id, enabled, null, null, PublicKeys.parseP256(pem));
    }

    private static String identity(String identity) {
        if (identity == null || identity.isEmpty() || identity.length() > MAX_IDENTITY_LENGTH) {
            throw new InvalidDeviceException(
                    "psk.identity is required: 1 to " + MAX_IDENTITY_LENGTH + " characters");
        }
        if (identity.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new InvalidDeviceException("psk.identity must not contain control characters");
        }
        return identity;
    }

    private static byte[] key(String hexKey) {
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
