package io.dtlsingest.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A UDP relay on loopback that plays a NAT between one client and a server: the client sends to
 * {@link #port()}, the relay forwards from an "outside" socket whose port the server sees, and
 * {@link #rebind()} swaps that socket for one on a new port, as when a NAT mapping expires.
 *
 * <p>It runs two daemon threads, one per direction, and keeps a copy of every datagram the client
 * sent so that tests can look at the records on the wire. Close it after use.
 */
public final class UdpRebindingRelay implements AutoCloseable {

    private static final int MAX_DATAGRAM = 65_535;
    private static final long JOIN_MILLIS = 2_000;

    private final InetSocketAddress server;
    private final DatagramSocket inside;
    private final List<byte[]> clientDatagrams = new ArrayList<>();
    private final Thread upstream;
    private final Thread downstream;
    private volatile DatagramSocket outside;
    private volatile SocketAddress client;
    private volatile boolean closed;

    /** Starts a relay to a server port on 127.0.0.1. */
    public UdpRebindingRelay(int serverPort) {
        this.server = new InetSocketAddress("127.0.0.1", serverPort);
        this.inside = bindLoopback();
        this.outside = bindLoopback();
        this.upstream = daemon("udp-relay-upstream", this::relayClientDatagrams);
        this.downstream = daemon("udp-relay-downstream", this::relayServerDatagrams);
        upstream.start();
        downstream.start();
    }

    /** The port the client sends to. */
    public int port() {
        return inside.getLocalPort();
    }

    /** The port the server currently sees the client's datagrams come from. */
    public int outsidePort() {
        return outside.getLocalPort();
    }

    /**
     * Replaces the outside socket with one on a new port; datagrams the server sends to the old
     * port are lost from now on.
     *
     * @return the new outside port
     */
    public synchronized int rebind() {
        DatagramSocket old = outside;
        // Bound before the old one closes, so the operating system cannot hand out its port.
        outside = bindLoopback();
        old.close();
        return outside.getLocalPort();
    }

    /** Copies of the datagrams the client sent so far, in order. */
    public List<byte[]> clientDatagrams() {
        synchronized (clientDatagrams) {
            return clientDatagrams.stream().map(byte[]::clone).toList();
        }
    }

    private void relayClientDatagrams() {
        DatagramPacket packet = new DatagramPacket(new byte[MAX_DATAGRAM], MAX_DATAGRAM);
        while (!closed) {
            packet.setLength(MAX_DATAGRAM);
            try {
                inside.receive(packet);
            } catch (IOException e) {
                return;
            }
            client = packet.getSocketAddress();
            int start = packet.getOffset();
            byte[] datagram =
                    Arrays.copyOfRange(packet.getData(), start, start + packet.getLength());
            synchronized (clientDatagrams) {
                clientDatagrams.add(datagram);
            }
            forwardToServer(datagram);
        }
    }

    private synchronized void forwardToServer(byte[] datagram) {
        try {
            outside.send(new DatagramPacket(datagram, datagram.length, server));
        } catch (IOException e) {
            // Lost, as a NAT may lose it; the DTLS peers retransmit.
        }
    }

    private void relayServerDatagrams() {
        DatagramPacket packet = new DatagramPacket(new byte[MAX_DATAGRAM], MAX_DATAGRAM);
        while (!closed) {
            DatagramSocket socket = outside;
            packet.setLength(MAX_DATAGRAM);
            try {
                socket.receive(packet);
            } catch (IOException e) {
                if (socket == outside) {
                    return;
                }
                // Closed by rebind(): go on with the new socket.
                continue;
            }
            SocketAddress target = client;
            if (target != null) {
                try {
                    inside.send(
                            new DatagramPacket(
                                    packet.getData(),
                                    packet.getOffset(),
                                    packet.getLength(),
                                    target));
                } catch (IOException e) {
                    // Lost; the DTLS peers retransmit.
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        inside.close();
        synchronized (this) {
            outside.close();
        }
        try {
            upstream.join(JOIN_MILLIS);
            downstream.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static DatagramSocket bindLoopback() {
        try {
            return new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        } catch (SocketException e) {
            throw new UncheckedIOException("Cannot bind a UDP socket on 127.0.0.1", e);
        }
    }

    private static Thread daemon(String name, Runnable loop) {
        Thread thread = new Thread(loop, name);
        thread.setDaemon(true);
        return thread;
    }
}
