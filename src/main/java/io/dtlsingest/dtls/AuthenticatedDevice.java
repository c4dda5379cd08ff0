package io.dtlsingest.dtls;

import io.dtlsingest.device.DeviceCredentials;
import io.dtlsingest.device.PskCredential;
import java.security.Principal;
import java.util.Map;
import java.util.Optional;
import org.eclipse.californium.elements.auth.AdditionalInfo;
import org.eclipse.californium.elements.auth.ExtensiblePrincipal;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;
import org.eclipse.californium.elements.auth.RawPublicKeyIdentity;
import org.eclipse.californium.scandium.auth.ApplicationLevelInfoSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The device a DTLS handshake authenticated. The credential lookup hands it to Scandium as the
 * handshake's custom argument; Scandium then asks {@link #supplier()} to attach its id to the
 * session's principal, so that every record of the session names its device without another lookup.
 */
record AuthenticatedDevice(String deviceId, AuthType authType) {

    private static final String DEVICE_ID = "ingest.deviceId";

    /**
     * Attaches the device id of a handshake's result to the peer principal. Connections loaded from
     * saved state come without it: their principal is looked up in {@code credentials}, which also
     * leaves out devices disabled or deleted in the meantime. That lookup runs while the state is
     * loaded at start, before the socket is open.
     */
    static ApplicationLevelInfoSupplier supplier(DeviceCredentials credentials) {
        return (principal, customArgument) -> {
            if (customArgument instanceof AuthenticatedDevice device) {
                return info(device.deviceId());
            }
            if (of(principal) != null) {
                return null;
            }
            return deviceIdOf(principal, credentials).map(AuthenticatedDevice::info).orElse(null);
        };
    }

    private static AdditionalInfo info(String deviceId) {
        return AdditionalInfo.from(Map.of(DEVICE_ID, deviceId));
    }

    private static Optional<String> deviceIdOf(Principal principal, DeviceCredentials credentials) {
        if (principal instanceof PreSharedKeyIdentity psk) {
            return credentials.findPsk(psk.getIdentity()).map(PskCredential::deviceId);
        }
        if (principal instanceof RawPublicKeyIdentity rpk) {
            return credentials.findDeviceIdByPublicKey(rpk.getSubjectInfo());
        }
        return Optional.empty();
    }

    /** The device behind a session's principal, or null when the principal names none. */
    static @Nullable AuthenticatedDevice of(@Nullable Principal principal) {
        if (!(principal instanceof ExtensiblePrincipal<?> extensible)) {
            return null;
        }
        String deviceId = extensible.getExtendedInfo().get(DEVICE_ID, String.class);
        if (deviceId == null) {
            return null;
        }
        if (principal instanceof PreSharedKeyIdentity) {
            return new AuthenticatedDevice(deviceId, AuthType.PSK);
        }
        return principal instanceof RawPublicKeyIdentity
                ? new AuthenticatedDevice(deviceId, AuthType.RPK)
                : null;
    }
}
