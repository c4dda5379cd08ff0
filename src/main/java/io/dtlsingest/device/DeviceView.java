package io.dtlsingest.device;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The JSON form of a device; it has no field that could carry a secret. The current credential is
 * shown at the top level, a pending next one under {@code next}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record DeviceView(
        String id,
        boolean enabled,
        String auth,
        @Nullable PskView psk,
        @Nullable RpkView rpk,
        @Nullable NextView next,
        Instant createdAt,
        Instant updatedAt) {

    record PskView(String identity) {}

    record RpkView(String publicKey) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record NextView(String auth, @Nullable PskView psk, @Nullable RpkView rpk, Instant promoteAt) {}

    static DeviceView of(Device device) {
        Device.Credential current = device.current();
        Device.Credential next = device.next();
        return new DeviceView(
                device.id(),
                device.enabled(),
                current.auth().wireName(),
                psk(current),
                rpk(current),
                next == null
                        ? null
                        : new NextView(
                                next.auth().wireName(), psk(next), rpk(next), next.promoteAt()),
                device.createdAt(),
                device.updatedAt());
    }

    private static @Nullable PskView psk(Device.Credential credential) {
        return credential.pskIdentity() == null ? null : new PskView(credential.pskIdentity());
    }

    private static @Nullable RpkView rpk(Device.Credential credential) {
        return credential.publicKeyPem() == null ? null : new RpkView(credential.publicKeyPem());
    }
}
