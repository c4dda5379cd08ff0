package io.dtlsingest.dtls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.HexFormat;
import org.eclipse.californium.elements.DtlsEndpointContext;
import org.eclipse.californium.elements.EndpointContext;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.util.Bytes;
import org.eclipse.californium.scandium.DTLSConnector;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.ip.udp.UdpServerListeningEvent;
import org.springframework.integration.ip.udp.inbound.AbstractInternetProtocolReceivingChannelAdapter;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Inbound channel adapter that owns a Scandium {@link DTLSConnector} and turns every received DTLS
 * application record into one message, with the device the handshake authenticated in {@link
 * DtlsHeaders} and the peer in {@link IpHeaders}.
 *
 * <p>Like spring-integration-ip's UDP adapters it reports the port it actually bound (port 0 in
 * tests) and publishes a {@link UdpServerListeningEvent} once it listens. Scandium brings its own
 * receive threads, so {@link #run()} only announces the bound port; the socket is bound in {@link
 * #doStart()} so that a port that cannot be bound fails the start of the application.
 */
public class DtlsInboundChannelAdapter extends AbstractInternetProtocolReceivingChannelAdapter {

    private static final Logger log = LoggerFactory.getLogger(DtlsInboundChannelAdapter.class);
    private static final HexFormat HEX = HexFormat.of();
    private static final Logger drops = LoggerFactory.getLogger("io.dtlsingest.dtls.drops");

    private final DtlsConnectorFactory connectorFactory;
    private volatile int soSendBufferSize = -1;
    private volatile @Nullable DTLSConnector connector;

    DtlsInboundChannelAdapter(int port, DtlsConnectorFactory connectorFactory) {
        super(port);
        this.connectorFactory = connectorFactory;
        setPoolSize(1);
    }

    @Override
    public void setSoSendBufferSize(int soSendBufferSize) {
        this.soSendBufferSize = soSendBufferSize;
    }

    /** The port the connector is bound to, or the configured one before it listens. */
    @Override
    public int getPort() {
        DTLSConnector current = connector;
        return current != null && current.isRunning()
                ? current.getAddress().getPort()
                : super.getPort();
    }

    @Override
    public String getComponentType() {
        return "dtls:inbound-channel-adapter";
    }

    @Override
    protected void doStart() {
        String host = getLocalAddress();
        InetSocketAddress bindAddress =
                host == null
                        ? new InetSocketAddress(super.getPort())
                        : new InetSocketAddress(host, super.getPort());
        DTLSConnector started =
                connectorFactory.create(
                        bindAddress,
                        new DtlsConnectorFactory.SocketBuffers(
                                getSoReceiveBufferSize(), soSendBufferSize));
        started.setRawDataReceiver(this::receive);
        try {
            started.start();
        } catch (IOException e) {
            started.destroy();
            throw new UncheckedIOException("Cannot bind the DTLS endpoint to " + bindAddress, e);
        }
        connector = started;
        super.doStart();
    }

    /** Runs once on the adapter's task executor after the connector is bound. */
    @Override
    public void run() {
        setListening(true);
        log.info("DTLS endpoint listening on {}", connector.getAddress());
        getApplicationEventPublisher().publishEvent(new UdpServerListeningEvent(this, getPort()));
    }

    @Override
    protected void doStop() {
        setListening(false);
        DTLSConnector stopped = connector;
        connector = null;
        if (stopped != null) {
            stopped.destroy();
            log.info("DTLS endpoint stopped");
        }
        super.doStop();
    }

    /**
     * Sends a reply on the DTLS session a record came in on. Dropped when the endpoint has stopped;
     * the device retransmits.
     */
    public void send(EndpointContext context, byte[] payload) {
        DTLSConnector current = connector;
        if (current != null) {
            current.send(RawData.outbound(payload, context, null, false));
        }
    }

    private void receive(RawData raw) {
        AuthenticatedDevice device = AuthenticatedDevice.of(raw.getSenderIdentity());
        if (device == null) {
            // Cannot happen for a session this server authenticated; never store without a
            // device.
            drops.debug(
                    "Dropped a record from {} without a device identity",
                    raw.getInetSocketAddress());
            return;
        }
        sendMessage(toMessage(raw, device));
    }

    private static Message<byte[]> toMessage(RawData raw, AuthenticatedDevice device) {
        EndpointContext context = raw.getEndpointContext();
        InetSocketAddress peer = raw.getInetSocketAddress();
        Bytes sessionId = context.get(DtlsEndpointContext.KEY_SESSION_ID);
        return MessageBuilder.withPayload(raw.getBytes())
                .setHeader(IpHeaders.IP_ADDRESS, peer.getAddress().getHostAddress())
                .setHeader(IpHeaders.PORT, peer.getPort())
                .setHeader(IpHeaders.PACKET_ADDRESS, peer)
                .setHeader(IpHeaders.CONNECTION_ID, connectionIdentity(context, sessionId))
                .setHeader(DtlsHeaders.DEVICE_ID, device.deviceId())
                .setHeader(DtlsHeaders.AUTH_TYPE, device.authType().wireName())
                .setHeader(
                        DtlsHeaders.SESSION_ID,
                        sessionId == null ? new byte[0] : sessionId.getBytes())
                .setHeader(DtlsHeaders.RECEIVED_AT, Instant.now())
                .setHeader(DtlsHeaders.ENDPOINT_CONTEXT, context)
                .build();
    }

    /** The connection id this server issued, in hex, or else the session id. */
    private static String connectionIdentity(EndpointContext context, @Nullable Bytes sessionId) {
        Bytes cid = context.get(DtlsEndpointContext.KEY_READ_CONNECTION_ID);
        if (cid != null && !cid.isEmpty()) {
            return "cid:" + HEX.formatHex(cid.getBytes());
        }
        return sessionId == null ? "none" : "session:" + HEX.formatHex(sessionId.getBytes());
    }
}
