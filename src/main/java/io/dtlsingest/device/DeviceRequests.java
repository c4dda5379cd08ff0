package io.dtlsingest.device;

import org.jspecify.annotations.Nullable;

/** JSON bodies of the device API, checked by {@link DeviceService}, not by annotations. */
public final class DeviceRequests {

    private DeviceRequests() {}

    /** {@code POST /api/v1/devices}: an id and exactly one of psk or rpk. */
    public record Create(
            @Nullable String id, @Nullable Boolean enabled, @Nullable Psk psk, @Nullable Rpk rpk) {}

    /** A PSK credential: its identity and the key in hex. */
    public record Psk(@Nullable String identity, @Nullable String key) {}

    /** A raw public key credential: the key as PEM SubjectPublicKeyInfo. */
    public record Rpk(@Nullable String publicKey) {}

    /** {@code PATCH /api/v1/devices/{id}}. */
    public record Update(@Nullable Boolean enabled) {}
}
