package io.dtlsingest.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;

/**
 * A client connector on a non-blocking channel instead of a blocking socket with a receiver thread
 * of its own. A {@link ChannelReceivers} thread reads the channel and hands each datagram to the
 * connector; sending writes to the channel directly.
 *
 * <p>With a receiver thread per connector, every reply woke one of thousands of threads, and the
 * load generator spent more of the two cores on switching between them than the service under test
 * could spare. Configure the connector with no receiver threads.
 */
final class ChannelConnector extends DTLSConnector {

    private final DatagramChannel channel;

    private ChannelConnector(DtlsConnectorConfig config, DatagramChannel channel) {
        super(config);
        this.channel = channel;
    }

    /** A connector on a fresh channel bound to {@code bindAddress}, read by {@code receivers}. */
    static ChannelConnector open(
            DtlsConnectorConfig config, InetSocketAddress bindAddress, ChannelReceivers receivers) {
        try {
            DatagramChannel channel = DatagramChannel.open();
            channel.bind(bindAddress);
            channel.configureBlocking(false);
            ChannelConnector connector = new ChannelConnector(config, channel);
            receivers.register(channel, connector);
            return connector;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected void start(InetSocketAddress bindAddress) throws IOException {
        if (isRunning()) {
            return;
        }
        // The channel's socket adaptor only carries the options and the local address here:
        // receiving and sending go through the channel itself.
        init(bindAddress, channel.socket(), null);
    }

    @Override
    protected void sendNextDatagramOverNetwork(DatagramPacket packet) throws IOException {
        ByteBuffer datagram =
                ByteBuffer.wrap(packet.getData(), packet.getOffset(), packet.getLength());
        // A full send buffer makes this send nothing; like a datagram lost on the way, the device
        // retransmits it.
        channel.send(datagram, packet.getSocketAddress());
    }
}
