package io.dtlsingest.dtls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.Principal;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.EndpointContext;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.RawDataChannel;
import org.eclipse.californium.elements.util.Filter;
import org.eclipse.californium.scandium.DTLSConnector;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The server's DTLS socket: a Scandium connector bound when the application starts and closed when
 * it stops. It runs in the lowest lifecycle phase of the pipeline, so it opens before anything that
 * uses it and closes only after the pipeline has drained and sent its last replies. Records go to
 * the receiver the inbound adapter installs; until then they are dropped, and the devices
 * retransmit.
 */
@Component
public class DtlsEndpoint implements SmartLifecycle {

    /** Lifecycle phase of the socket; every pipeline component has a higher one. */
    public static final int PHASE = -1000;

    private static final Logger log = LoggerFactory.getLogger(DtlsEndpoint.class);
    private static final Logger drops = LoggerFactory.getLogger("io.dtlsingest.dtls.drops");

    private final DtlsConnectorFactory connectorFactory;
    private final DtlsProperties properties;
    private final DtlsStateStore stateStore;
    private final ConnectionRegistry connections;
    private volatile @Nullable DTLSConnector connector;
    private volatile RawDataChannel receiver = DtlsEndpoint::dropNotReady;

    DtlsEndpoint(
            DtlsConnectorFactory connectorFactory,
            DtlsProperties properties,
            DtlsStateStore stateStore,
            ConnectionRegistry connections) {
        this.connectorFactory = connectorFactory;
        this.properties = properties;
        this.stateStore = stateStore;
        this.connections = connections;
    }

    /**
     * Restores the connections saved at the last stop, then binds the socket.
     *
     * @throws UncheckedIOException naming the address when it cannot be bound
     */
    @Override
    public void start() {
        InetSocketAddress bindAddress =
                new InetSocketAddress(properties.bindAddress(), properties.port());
        DTLSConnector started = connectorFactory.create(bindAddress);
        started.setRawDataReceiver(raw -> receiver.receiveData(raw));
        stateStore.load(started);
        try {
            started.start();
        } catch (IOException e) {
            started.destroy();
            throw new UncheckedIOException("Cannot bind the DTLS endpoint to " + bindAddress, e);
        }
        connector = started;
        connections.endSupersededWith(this::endSuperseded);
        log.info("DTLS endpoint bound to {}", started.getAddress());
    }

    /** Closes the socket and saves the connections for the next start. */
    @Override
    public void stop() {
        DTLSConnector closing = connector;
        connector = null;
        if (closing == null) {
            return;
        }
        closing.stop();
        stateStore.save(closing);
        closing.destroy();
        connections.clear();
        log.info("DTLS endpoint closed");
    }

    @Override
    public boolean isRunning() {
        return connector != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** The bound address, or the configured one while the socket is closed. */
    public InetSocketAddress address() {
        DTLSConnector current = connector;
        return current != null
                ? current.getAddress()
                : new InetSocketAddress(properties.bindAddress(), properties.port());
    }

    /** Hands every received application record to {@code receiver}, on a DTLS thread. */
    void receiveWith(RawDataChannel receiver) {
        this.receiver = receiver;
    }

    /**
     * Sends a reply on the DTLS session a record came in on, to the address the device uses now: a
     * NAT may have moved it while the record was being stored. Dropped when the socket is closed;
     * the device retransmits.
     *
     * @param context the endpoint context of the record being answered
     * @param sessionId the record's DTLS session id in hex
     */
    public void reply(EndpointContext context, String sessionId, byte[] payload) {
        DTLSConnector current = connector;
        if (current == null) {
            return;
        }
        EndpointContext target =
                connections
                        .currentPeer(sessionId)
                        .filter(peer -> !peer.equals(context.getPeerAddress()))
                        .<EndpointContext>map(AddressEndpointContext::new)
                        .orElse(context);
        current.send(RawData.outbound(payload, target, null, false));
        connections.sent(sessionId);
    }

    /**
     * Ends every live connection of a device: the device is sent close_notify, and its sessions are
     * removed, so it needs a full handshake to send again. Waits at most five seconds for the DTLS
     * threads to carry it out.
     *
     * @return how many connections were ended
     */
    public int closeConnections(String deviceId) {
        return closeConnections(deviceId, principal -> true);
    }

    /**
     * Ends the live connections of a device whose principal passes {@code which}, as {@link
     * #closeConnections(String)} does for all of them.
     *
     * @return how many connections were ended
     */
    public int closeConnections(String deviceId, Predicate<Principal> which) {
        DTLSConnector current = connector;
        if (current == null) {
            return 0;
        }
        List<LiveConnection> live =
                connections.list(deviceId).stream()
                        .filter(connection -> which.test(connection.principal()))
                        .toList();
        live.forEach(connection -> current.close(connection.peer()));
        Filter<Principal> ofDevice =
                principal -> isDevice(principal, deviceId) && which.test(principal);
        Future<Void> removal = current.startTerminateConnectionsForPrincipal(ofDevice, true);
        try {
            removal.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Ending the connections of device {} did not complete", deviceId, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        live.forEach(connection -> connections.remove(connection.sessionId()));
        log.info("Ended {} DTLS connections of device {}", live.size(), deviceId);
        return live.size();
    }

    /**
     * Sends close_notify on a connection its device has replaced by newer ones; Scandium then drops
     * its records until the device makes a new handshake, and evicts it in time.
     */
    private void endSuperseded(LiveConnection connection) {
        DTLSConnector current = connector;
        if (current == null) {
            return;
        }
        try {
            current.close(connection.peer());
            log.debug(
                    "Ended a DTLS connection of device {} from {}: the device holds newer ones",
                    connection.deviceId(),
                    connection.peer());
        } catch (RejectedExecutionException e) {
            log.debug("Not ending a superseded connection: the endpoint is stopping", e);
        }
    }

    private static boolean isDevice(Principal principal, String deviceId) {
        AuthenticatedDevice device = AuthenticatedDevice.of(principal);
        return device != null && device.deviceId().equals(deviceId);
    }

    private static void dropNotReady(RawData raw) {
        drops.debug("Dropped a record from {}: not ready", raw.getInetSocketAddress());
    }
}
