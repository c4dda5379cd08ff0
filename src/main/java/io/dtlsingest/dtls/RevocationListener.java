package io.dtlsingest.dtls;

import io.dtlsingest.device.CredentialId;
import io.dtlsingest.device.DeviceChangedEvent;
import java.security.Principal;
import java.util.function.Predicate;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;
import org.eclipse.californium.elements.auth.RawPublicKeyIdentity;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Ends the live sessions a revocation concerns: all of a disabled or deleted device, or those
 * opened with a credential that was replaced, promoted away or cancelled. It runs before the API
 * answers, so once an operator hears back, no further record of such a session is taken.
 */
@Component
class RevocationListener {

    private final DtlsEndpoint endpoint;

    RevocationListener(DtlsEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    // After the commit of the change, so that no lookup in between reads and keeps the old state.
    @TransactionalEventListener(fallbackExecution = true)
    void onDeviceChanged(DeviceChangedEvent event) {
        if (event.revokedAll()) {
            endpoint.closeConnections(event.deviceId());
        } else if (!event.revoked().isEmpty()) {
            endpoint.closeConnections(event.deviceId(), openedWithAnyOf(event));
        }
    }

    private static Predicate<Principal> openedWithAnyOf(DeviceChangedEvent event) {
        return principal -> {
            String identity =
                    principal instanceof PreSharedKeyIdentity psk ? psk.getIdentity() : null;
            byte[] key =
                    principal instanceof RawPublicKeyIdentity rpk ? rpk.getSubjectInfo() : null;
            return event.revoked().stream()
                    .anyMatch((CredentialId credential) -> credential.matches(identity, key));
        };
    }
}
