package io.dtlsingest.device;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** The JSON form of a device; it has no field that could carry a secret. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record DeviceView(
        String id,
        boolean enabled,
        String auth,
        @Nullable PskView psk,
        @Nullable RpkView rpk,
        Instant createdAt,
        Instant updatedAt) {

    record PskView(String identity) {}

    record RpkView(String publicKey) {}

    static DeviceView of(Device device) {
        return new DeviceView(
                device.id(),
                device.enabled(),
                device.auth().wireName(),
                device.pskIdentity() == null ? null : new PskView(device.pskIdentity()),
                device.publicKeyPem() == null ? null : new RpkView(device.publicKeyPem()),
                device.createdAt(),
                device.updatedAt());
    }
}
