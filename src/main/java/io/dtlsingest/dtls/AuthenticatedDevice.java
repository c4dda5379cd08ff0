package io.dtlsingest.dtls;

import java.security.Principal;
import java.util.Map;
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

    /** Attaches the device id of a handshake's result to the peer principal. */
    static ApplicationLevelInfoSupplier supplier() {
        return (principal, customArgument) ->
                customArgument instanceof AuthenticatedDevice device
                        ? AdditionalInfo.from(Map.of(DEVICE_ID, device.deviceId()))
                        : null;
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
