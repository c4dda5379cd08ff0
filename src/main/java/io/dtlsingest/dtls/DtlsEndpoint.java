package io.dtlsingest.dtls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import org.eclipse.californium.elements.EndpointContext;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.RawDataChannel;
import org.eclipse.californium.scandium.DTLSConnector;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The server's DTLS socket: a Scandium connector bound when the application starts and closed
 * when it stops. It runs in the lowest lifecycle phase of the pipeline, so it opens before
 * anything that uses it and closes only after the pipeline has drained and sent its last
 * replies. Records go to the receiver the inbound adapter installs; until then they are
 * dropped, and the devices retransmit.
 */
@Component
public class DtlsEndpoint implements SmartLifecycle {

    /** Lifecycle phase of the socket; every pipeline component has a higher one. */
    public static final int PHASE = -1000;

    private static final Logger log = LoggerFactory.getLogger(DtlsEndpoint.class);
    private static final Logger drops = LoggerFactory.getLogger("io.dtlsingest.dtls.drops");

    private final DtlsConnectorFactory connectorFactory;
    private final DtlsProperties properties;
    private volatile @Nullable DTLSConnector connector;
    private volatile RawDataChannel receiver = DtlsEndpoint::dropNotReady;

    DtlsEndpoint(DtlsConnectorFactory connectorFactory, DtlsProperties properties) {
        this.connectorFactory = connectorFactory;
        this.properties = properties;
    }

    /**
     * Binds the socket.
     *
     * @throws UncheckedIOException naming the address when it cannot be bound
     */
    @Override
    public void start() {
        InetSocketAddress bindAddress =
                new InetSocketAddress(properties.bindAddress(), properties.port());
        DTLSConnector started = connectorFactory.create(bindAddress);
        started.setRawDataReceiver(raw -> receiver.receiveData(raw));
        try {
            started.start();
        } catch (IOException e) {
            started.destroy();
            throw new UncheckedIOException("Cannot bind the DTLS endpoint to " + bindAddress, e);
        }
        connector = started;
        log.info("DTLS endpoint bound to {}", started.getAddress());
    }

    @Override
    public void stop() {
        DTLSConnector closing = connector;
        connector = null;
        if (closing != null) {
            closing.destroy();
            log.info("DTLS endpoint closed");
        }
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
     * Sends a datagram on the DTLS session a record came in on. Dropped when the socket is
     * closed; the device retransmits.
     */
    public void send(EndpointContext context, byte[] payload) {
        DTLSConnector current = connector;
        if (current != null) {
            current.send(RawData.outbound(payload, context, null, false));
        }
    }

    private static void dropNotReady(RawData raw) {
        drops.debug("Dropped a record from {}: not ready", raw.getInetSocketAddress());
    }
}
