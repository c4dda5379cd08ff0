package io.dtlsingest.dtls;

import java.net.InetSocketAddress;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.eclipse.californium.scandium.dtls.AlertMessage;
import org.eclipse.californium.scandium.dtls.AlertMessage.AlertDescription;
import org.eclipse.californium.scandium.dtls.AlertMessage.AlertLevel;
import org.eclipse.californium.scandium.dtls.CertificateMessage;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.CertificateVerificationResult;
import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.HandshakeException;
import org.eclipse.californium.scandium.dtls.HandshakeResultHandler;
import org.eclipse.californium.scandium.dtls.x509.NewAdvancedCertificateVerifier;
import org.eclipse.californium.scandium.util.ServerNames;

/**
 * Trusts a client's raw public key (RFC 7250) when an enabled device registered exactly that key.
 * X.509 certificates are not accepted. Lookups that miss the cache run on {@link
 * CredentialLookup}'s threads, as for PSKs.
 */
final class DevicePublicKeyVerifier implements NewAdvancedCertificateVerifier {

    private final CredentialLookup lookup;
    private volatile HandshakeResultHandler resultHandler;

    DevicePublicKeyVerifier(CredentialLookup lookup) {
        this.lookup = lookup;
    }

    @Override
    public List<CertificateType> getSupportedCertificateTypes() {
        return List.of(CertificateType.RAW_PUBLIC_KEY);
    }

    @Override
    public CertificateVerificationResult verifyCertificate(
            ConnectionId cid,
            ServerNames serverName,
            InetSocketAddress remotePeer,
            boolean clientUsage,
            boolean verifySubject,
            boolean truncateCertificatePath,
            CertificateMessage message) {
        PublicKey key = message.getPublicKey();
        if (key == null) {
            return rejected(cid, "only raw public keys are accepted");
        }
        byte[] encoded = key.getEncoded();
        Optional<String> cached = lookup.cachedDevice(encoded);
        if (cached.isPresent()) {
            return result(cid, key, cached);
        }

        boolean queued =
                lookup.lookUpPublicKey(
                        encoded, found -> resultHandler.apply(result(cid, key, found)));
        return queued ? null : rejected(cid, "credential lookups are saturated");
    }

    private static CertificateVerificationResult result(
            ConnectionId cid, PublicKey key, Optional<String> deviceId) {
        return deviceId.map(
                        id ->
                                new CertificateVerificationResult(
                                        cid, key, new AuthenticatedDevice(id, AuthType.RPK)))
                .orElseGet(() -> rejected(cid, "public key of no enabled device"));
    }

    private static CertificateVerificationResult rejected(ConnectionId cid, String reason) {
        AlertMessage alert = new AlertMessage(AlertLevel.FATAL, AlertDescription.BAD_CERTIFICATE);
        return new CertificateVerificationResult(cid, new HandshakeException(reason, alert), null);
    }

    @Override
    public List<X500Principal> getAcceptedIssuers() {
        return List.of();
    }

    @Override
    public void setResultHandler(HandshakeResultHandler resultHandler) {
        this.resultHandler = resultHandler;
    }
}
