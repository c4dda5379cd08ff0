package io.dtlsingest.dtls;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.security.Principal;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.eclipse.californium.elements.DtlsEndpointContext;
import org.eclipse.californium.elements.EndpointContext;
import org.eclipse.californium.elements.util.Bytes;
import org.eclipse.californium.scandium.ConnectionListener;
import org.eclipse.californium.scandium.dtls.Connection;
import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.DTLSContext;
import org.eclipse.californium.scandium.dtls.DTLSSession;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The live DTLS connections with what the service knows about each, keyed by DTLS session id.
 * Scandium reports connections as they are established and removed; a connection restored from
 * saved state is added when its first record arrives. The registry holds at most as many entries as
 * the connector holds connections, and is emptied when the socket closes.
 *
 * <p>Thread-safe.
 */
@Component
public class ConnectionRegistry implements ConnectionListener {

    private static final HexFormat HEX = HexFormat.of();

    private final Map<String, LiveConnection> connections = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> sessionsByDevice = new ConcurrentHashMap<>();
    private final int maxPerDevice;
    private final Counter superseded;
    private volatile Consumer<LiveConnection> ender = connection -> {};

    ConnectionRegistry(MeterRegistry meters, DtlsLimitProperties limits) {
        Gauge.builder("dtls.connections.active", connections, Map::size)
                .description("Established DTLS connections")
                .register(meters);
        this.maxPerDevice = limits.maxConnectionsPerDevice();
        this.superseded =
                Counter.builder("dtls.connections.superseded")
                        .description(
                                "Connections ended because their device made a newer one beyond"
                                        + " its limit")
                        .register(meters);
    }

    /**
     * Sets what ends a connection superseded by newer ones of its device: the endpoint sends it
     * close_notify, so that its device needs a new handshake to use it again.
     */
    void endSupersededWith(Consumer<LiveConnection> ender) {
        this.ender = ender;
    }

    @Override
    public void onConnectionEstablished(Connection connection) {
        DTLSSession session = connection.getEstablishedSession();
        Principal principal = connection.getEstablishedPeerIdentity();
        AuthenticatedDevice device = AuthenticatedDevice.of(principal);
        if (session == null || device == null) {
            return;
        }
        String sessionId = HEX.formatHex(session.getSessionIdentifier().getBytes());
        LiveConnection established =
                new LiveConnection(
                        sessionId,
                        principal,
                        device,
                        session.getCipherSuite().name(),
                        readConnectionId(connection.getEstablishedDtlsContext()),
                        Instant.now(),
                        connection.getPeerAddress());
        add(established);
        endSuperseded(established);
    }

    /**
     * Newest wins: a device beyond its limit loses its least recently active connections, so that a
     * rebooted device is never locked out by the sessions it forgot. A superseded connection on the
     * newest one's address was already replaced by Scandium and is only forgotten here. Concurrent
     * handshakes of one device may each see the other and end slightly more than needed; the device
     * then makes one more handshake.
     */
    private void endSuperseded(LiveConnection newest) {
        Set<String> sessions = sessionsByDevice.get(newest.deviceId());
        if (sessions == null || sessions.size() <= maxPerDevice) {
            return;
        }
        List<LiveConnection> older =
                sessions.stream()
                        .filter(id -> !id.equals(newest.sessionId()))
                        .map(connections::get)
                        .filter(Objects::nonNull)
                        .sorted(Comparator.comparing(LiveConnection::lastActivity))
                        .toList();
        int excess = older.size() + 1 - maxPerDevice;
        for (LiveConnection stale : older.subList(0, Math.max(0, excess))) {
            superseded.increment();
            remove(stale.sessionId());
            if (!stale.peer().equals(newest.peer()) && !inUse(stale.peer())) {
                ender.accept(stale);
            }
        }
    }

    /**
     * Whether another live session talks from this address now. Scandium ends connections by
     * address, and after a NAT rebinding a stale session's last address may belong to another
     * device. This scans all connections, once per superseded connection. That is cheap while
     * devices stay within their limit, but devices that keep reconnecting beyond it make every
     * handshake cost a scan: in a benchmark where a hundred devices each held ten of 10,000
     * connections, the scans took a third of the DTLS threads' time. An index by address would
     * remove that cost.
     */
    private boolean inUse(InetSocketAddress peer) {
        return connections.values().stream().anyMatch(live -> live.peer().equals(peer));
    }

    private void add(LiveConnection connection) {
        connections.put(connection.sessionId(), connection);
        index(connection);
    }

    /** Adds the session to its device's set in one step, so a concurrent remove cannot drop it. */
    private void index(LiveConnection connection) {
        sessionsByDevice.compute(
                connection.deviceId(),
                (id, sessions) -> {
                    Set<String> set = sessions == null ? ConcurrentHashMap.newKeySet() : sessions;
                    set.add(connection.sessionId());
                    return set;
                });
    }

    @Override
    public void onConnectionRemoved(Connection connection) {
        DTLSSession session = connection.getEstablishedSession();
        if (session != null) {
            remove(HEX.formatHex(session.getSessionIdentifier().getBytes()));
        }
    }

    /** Notes a received application record, adding the connection if it is not known yet. */
    void received(
            EndpointContext context,
            Principal principal,
            AuthenticatedDevice device,
            String sessionId) {
        InetSocketAddress peer = context.getPeerAddress();
        LiveConnection connection = connections.get(sessionId);
        if (connection == null) {
            LiveConnection fresh = fromContext(sessionId, context, principal, device);
            LiveConnection raced = connections.putIfAbsent(sessionId, fresh);
            connection = raced == null ? fresh : raced;
            index(connection);
        }
        connection.received(peer, context.get(DtlsEndpointContext.KEY_PREVIOUS_ADDRESS) != null);
    }

    /** Notes a reply sent on a session. */
    public void sent(String sessionId) {
        LiveConnection connection = connections.get(sessionId);
        if (connection != null) {
            connection.sent();
        }
    }

    /**
     * Where a session's device talks from now. It differs from the address of an earlier record
     * when a NAT rebound the device's port in between.
     */
    public Optional<InetSocketAddress> currentPeer(String sessionId) {
        return Optional.ofNullable(connections.get(sessionId)).map(LiveConnection::peer);
    }

    /** Live connections, optionally of one device, ordered by device and session. */
    List<LiveConnection> list(@Nullable String deviceId) {
        return connections.values().stream()
                .filter(connection -> deviceId == null || connection.deviceId().equals(deviceId))
                .sorted(
                        Comparator.comparing(LiveConnection::deviceId)
                                .thenComparing(LiveConnection::sessionId))
                .toList();
    }

    void remove(String sessionId) {
        LiveConnection removed = connections.remove(sessionId);
        if (removed != null) {
            sessionsByDevice.computeIfPresent(
                    removed.deviceId(),
                    (id, sessions) -> {
                        sessions.remove(sessionId);
                        return sessions.isEmpty() ? null : sessions;
                    });
        }
    }

    /** How many connections are live. */
    int size() {
        return connections.size();
    }

    void clear() {
        connections.clear();
        sessionsByDevice.clear();
    }

    private static LiveConnection fromContext(
            String sessionId,
            EndpointContext context,
            Principal principal,
            AuthenticatedDevice device) {
        Long handshake = context.get(DtlsEndpointContext.KEY_HANDSHAKE_TIMESTAMP);
        String cipher = context.get(DtlsEndpointContext.KEY_CIPHER);
        Bytes cid = context.get(DtlsEndpointContext.KEY_READ_CONNECTION_ID);
        return new LiveConnection(
                sessionId,
                principal,
                device,
                cipher == null ? "unknown" : cipher,
                cid == null || cid.isEmpty() ? null : HEX.formatHex(cid.getBytes()),
                handshake == null ? Instant.now() : Instant.ofEpochMilli(handshake),
                context.getPeerAddress());
    }

    private static @Nullable String readConnectionId(@Nullable DTLSContext context) {
        ConnectionId cid = context == null ? null : context.getReadConnectionId();
        return cid == null || cid.isEmpty() ? null : HEX.formatHex(cid.getBytes());
    }

    @Override
    public boolean onConnectionUpdatesSequenceNumbers(Connection connection, boolean write) {
        return false;
    }

    @Override
    public boolean onConnectionMacError(Connection connection) {
        return false;
    }

    @Override
    public void beforeExecution(Connection connection) {}

    @Override
    public void updateExecution(Connection connection) {}

    @Override
    public void afterExecution(Connection connection) {}
}
