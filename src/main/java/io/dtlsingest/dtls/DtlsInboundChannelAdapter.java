package io.dtlsingest.dtls;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.HexFormat;
import org.eclipse.californium.elements.DtlsEndpointContext;
import org.eclipse.californium.elements.EndpointContext;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.util.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.ip.udp.UdpServerListeningEvent;
import org.springframework.integration.ip.udp.inbound.AbstractInternetProtocolReceivingChannelAdapter;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Inbound channel adapter that turns every DTLS application record the {@link DtlsEndpoint}
 * receives into one message, with the device the handshake authenticated in {@link DtlsHeaders} and
 * the peer in {@link IpHeaders}.
 *
 * <p>Like spring-integration-ip's UDP adapters it reports the port actually bound (port 0 in tests)
 * and publishes a {@link UdpServerListeningEvent} once it listens. Scandium brings its own receive
 * threads, so {@link #run()} only announces the port. Stopping the adapter only stops it taking
 * records: the socket stays open for the replies of what was already accepted. Socket options are
 * set through {@link DtlsProperties}, as the endpoint owns the socket.
 */
public class DtlsInboundChannelAdapter extends AbstractInternetProtocolReceivingChannelAdapter {

    private static final Logger log = LoggerFactory.getLogger(DtlsInboundChannelAdapter.class);
    private static final Logger drops = LoggerFactory.getLogger("io.dtlsingest.dtls.drops");
    private static final HexFormat HEX = HexFormat.of();

    private final DtlsEndpoint endpoint;
    private final ConnectionRegistry connections;
    private volatile boolean accepting;

    DtlsInboundChannelAdapter(int port, DtlsEndpoint endpoint, ConnectionRegistry connections) {
        super(port);
        this.endpoint = endpoint;
        this.connections = connections;
        setPoolSize(1);
    }

    /** The port the endpoint is bound to, or the configured one before it is. */
    @Override
    public int getPort() {
        return endpoint.address().getPort();
    }

    /** Not supported: the socket belongs to {@link DtlsEndpoint}; see ingest.dtls.*. */
    @Override
    public void setSoSendBufferSize(int soSendBufferSize) {
        throw new UnsupportedOperationException("set ingest.dtls.send-buffer-size instead");
    }

    @Override
    public String getComponentType() {
        return "dtls:inbound-channel-adapter";
    }

    @Override
    protected void doStart() {
        endpoint.receiveWith(this::receive);
        accepting = true;
        super.doStart();
    }

    /** Runs once on the adapter's task executor when it starts. */
    @Override
    public void run() {
        setListening(true);
        log.info("DTLS endpoint accepting records on {}", endpoint.address());
        getApplicationEventPublisher().publishEvent(new UdpServerListeningEvent(this, getPort()));
    }

    @Override
    protected void doStop() {
        accepting = false;
        setListening(false);
        log.info("DTLS endpoint stopped accepting records");
        super.doStop();
    }

    private void receive(RawData raw) {
        if (!accepting) {
            drops.debug("Dropped a record from {}: not accepting", raw.getInetSocketAddress());
            return;
        }
        AuthenticatedDevice device = AuthenticatedDevice.of(raw.getSenderIdentity());
        if (device == null) {
            // Cannot happen for a session this server authenticated; never store without a
            // device.
            drops.debug(
                    "Dropped a record from {} without a device identity",
                    raw.getInetSocketAddress());
            return;
        }
        String sessionId = sessionId(raw.getEndpointContext());
        connections.received(raw.getEndpointContext(), raw.getSenderIdentity(), device, sessionId);
        // Whatever the flow logs on this thread about the record names its device and peer,
        // as fields in structured logs.
        MDC.put("deviceId", device.deviceId());
        MDC.put("peer", raw.getInetSocketAddress().toString());
        try {
            sendMessage(toMessage(raw, device, sessionId));
        } finally {
            MDC.remove("deviceId");
            MDC.remove("peer");
        }
    }

    private static String sessionId(EndpointContext context) {
        Bytes sessionId = context.get(DtlsEndpointContext.KEY_SESSION_ID);
        return sessionId == null ? "" : HEX.formatHex(sessionId.getBytes());
    }

    private static Message<byte[]> toMessage(
            RawData raw, AuthenticatedDevice device, String sessionId) {
        EndpointContext context = raw.getEndpointContext();
        InetSocketAddress peer = raw.getInetSocketAddress();
        return MessageBuilder.withPayload(raw.getBytes())
                .setHeader(IpHeaders.IP_ADDRESS, peer.getAddress().getHostAddress())
                .setHeader(IpHeaders.PORT, peer.getPort())
                .setHeader(IpHeaders.PACKET_ADDRESS, peer)
                .setHeader(IpHeaders.CONNECTION_ID, connectionIdentity(context, sessionId))
                .setHeader(DtlsHeaders.DEVICE_ID, device.deviceId())
                .setHeader(DtlsHeaders.AUTH_TYPE, device.authType().wireName())
                .setHeader(DtlsHeaders.SESSION_ID, sessionId)
                .setHeader(DtlsHeaders.RECEIVED_AT, Instant.now())
                .setHeader(DtlsHeaders.ENDPOINT_CONTEXT, context)
                .build();
    }

    /** The connection id this server issued, in hex, or else the session id. */
    private static String connectionIdentity(EndpointContext context, String sessionId) {
        Bytes cid = context.get(DtlsEndpointContext.KEY_READ_CONNECTION_ID);
        if (cid != null && !cid.isEmpty()) {
            return "cid:" + HEX.formatHex(cid.getBytes());
        }
        return "session:" + sessionId;
    }
}
