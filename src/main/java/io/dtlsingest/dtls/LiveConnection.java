package io.dtlsingest.dtls;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * What the service knows about one live DTLS connection: who it authenticated, where it talks from
 * now, and how busy it is. Counters and the address are updated by DTLS threads while the actuator
 * reads them; each field is safe to read on its own.
 */
final class LiveConnection {

    private final String sessionId;
    private final Principal principal;
    private final String deviceId;
    private final AuthType authType;
    private final String cipherSuite;
    private final @Nullable String connectionId;
    private final Instant established;
    private final AtomicLong recordsIn = new AtomicLong();
    private final AtomicLong recordsOut = new AtomicLong();
    private final AtomicLong addressChanges = new AtomicLong();
    private volatile InetSocketAddress peer;
    private volatile Instant lastActivity;

    LiveConnection(
            String sessionId,
            Principal principal,
            AuthenticatedDevice device,
            String cipherSuite,
            @Nullable String connectionId,
            Instant established,
            InetSocketAddress peer) {
        this.sessionId = sessionId;
        this.principal = principal;
        this.deviceId = device.deviceId();
        this.authType = device.authType();
        this.cipherSuite = cipherSuite;
        this.connectionId = connectionId;
        this.established = established;
        this.peer = peer;
        this.lastActivity = established;
    }

    void received(InetSocketAddress from, boolean addressChanged) {
        recordsIn.incrementAndGet();
        if (addressChanged) {
            addressChanges.incrementAndGet();
        }
        peer = from;
        lastActivity = Instant.now();
    }

    void sent() {
        recordsOut.incrementAndGet();
        lastActivity = Instant.now();
    }

    String sessionId() {
        return sessionId;
    }

    /** The identity the handshake authenticated: a PSK identity or a raw public key. */
    Principal principal() {
        return principal;
    }

    String deviceId() {
        return deviceId;
    }

    InetSocketAddress peer() {
        return peer;
    }

    /** When a record last went either way. */
    Instant lastActivity() {
        return lastActivity;
    }

    /** A snapshot for the actuator endpoint. */
    ConnectionView view() {
        return new ConnectionView(
                deviceId,
                authType.wireName(),
                peer.getAddress().getHostAddress() + ":" + peer.getPort(),
                cipherSuite,
                connectionId,
                sessionId,
                established,
                lastActivity,
                recordsIn.get(),
                recordsOut.get(),
                addressChanges.get());
    }

    /**
     * One live connection as the actuator shows it.
     *
     * @param deviceId the device the handshake authenticated
     * @param authType psk or rpk
     * @param peerAddress where the device talks from now
     * @param cipherSuite the negotiated cipher suite
     * @param connectionId the connection id the server issued, in hex, if one is in use
     * @param sessionId the DTLS session id in hex
     * @param established when the handshake completed
     * @param lastActivity when a record last went either way
     * @param recordsIn application records received
     * @param recordsOut replies sent
     * @param addressChanges times the device's address changed within the session
     */
    record ConnectionView(
            String deviceId,
            String authType,
            String peerAddress,
            String cipherSuite,
            @Nullable String connectionId,
            String sessionId,
            Instant established,
            Instant lastActivity,
            long recordsIn,
            long recordsOut,
            long addressChanges) {}
}
