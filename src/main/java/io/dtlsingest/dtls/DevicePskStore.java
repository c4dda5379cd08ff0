package io.dtlsingest.dtls;

import io.dtlsingest.device.PskCredential;
import io.dtlsingest.secrets.SecretBox;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.SecretKey;
import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.HandshakeResultHandler;
import org.eclipse.californium.scandium.dtls.PskPublicInformation;
import org.eclipse.californium.scandium.dtls.PskSecretResult;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedPskStore;
import org.eclipse.californium.scandium.util.SecretUtil;
import org.eclipse.californium.scandium.util.ServerNames;

/**
 * Scandium's PSK store backed by the device registry. A cached key answers at once; otherwise the
 * lookup runs on {@link CredentialLookup}'s threads and the answer reaches Scandium through its
 * result handler, so a DTLS thread never waits for the database.
 */
final class DevicePskStore implements AdvancedPskStore {

    private final CredentialLookup lookup;
    private final SecretBox box;
    private volatile HandshakeResultHandler resultHandler;

    DevicePskStore(CredentialLookup lookup, SecretBox box) {
        this.lookup = lookup;
        this.box = box;
    }

    @Override
    public boolean hasEcdhePskSupported() {
        return true;
    }

    @Override
    public PskSecretResult requestPskSecretResult(
            ConnectionId cid,
            ServerNames serverName,
            PskPublicInformation identity,
            String hmacAlgorithm,
            SecretKey otherSecret,
            byte[] seed,
            boolean useExtendedMasterSecret) {
        String name = identity.getPublicInfoAsString();
        Optional<PskCredential> cached = lookup.cachedPsk(name);
        if (cached.isPresent()) {
            return result(cid, identity, cached);
        }

        boolean queued =
                lookup.lookUpPsk(name, found -> resultHandler.apply(result(cid, identity, found)));
        return queued ? null : result(cid, identity, Optional.empty());
    }

    /** A result without a secret fails the handshake with an unknown_psk_identity alert. */
    private PskSecretResult result(
            ConnectionId cid, PskPublicInformation identity, Optional<PskCredential> found) {
        if (found.isEmpty()) {
            return new PskSecretResult(cid, identity, null);
        }
        PskCredential psk = found.get();
        byte[] key = psk.open(box);
        try {
            // Scandium copies the key and destroys its SecretKey once the handshake is done;
            // the plaintext here lives only for this call.
            SecretKey secret = SecretUtil.create(key, "PSK");
            return new PskSecretResult(
                    cid, identity, secret, new AuthenticatedDevice(psk.deviceId(), AuthType.PSK));
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    @Override
    public PskPublicInformation getIdentity(
            InetSocketAddress peerAddress, ServerNames virtualHost) {
        // Only clients pick an identity; this endpoint is a server.
        return null;
    }

    @Override
    public void setResultHandler(HandshakeResultHandler resultHandler) {
        this.resultHandler = resultHandler;
    }
}
