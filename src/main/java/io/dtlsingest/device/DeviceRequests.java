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

    /** {@code PUT /api/v1/devices/{id}/credentials}: exactly one of psk or rpk. */
    public record Credential(@Nullable Psk psk, @Nullable Rpk rpk) {}

    /**
     * {@code POST /api/v1/devices/{id}/credentials/next}: exactly one of psk or rpk, and how long
     * both credentials stay valid before the next one replaces the current one by itself.
     *
     * @param overlap an ISO-8601 duration such as {@code P7D}; the configured default if absent
     */
    public record Next(@Nullable Psk psk, @Nullable Rpk rpk, @Nullable String overlap) {}
}
