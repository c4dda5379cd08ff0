package io.dtlsingest.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.californium.scandium.DTLSConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A few threads that read the channels of many client connectors, each thread one selector. A
 * datagram is handed to its connector on the reading thread, which parses its records and passes
 * them on to the connector's executor, as Scandium's own receiver threads do.
 *
 * <p>Thread-safe: connectors register from any thread. The threads are daemons and run for the life
 * of the process, like the benchmark's other client threads.
 */
final class ChannelReceivers {

    private static final Logger log = LoggerFactory.getLogger(ChannelReceivers.class);
    private static final int MAX_DATAGRAM_BYTES = 2048;

    private final Loop[] loops;
    private final AtomicInteger next = new AtomicInteger();

    ChannelReceivers(int threads) {
        loops = new Loop[threads];
        for (int i = 0; i < threads; i++) {
            loops[i] = new Loop();
            Thread thread = new Thread(loops[i], "bench-receiver-" + i);
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Reads {@code channel}, which must be non-blocking, for {@code connector} until it closes. */
    void register(DatagramChannel channel, DTLSConnector connector) {
        Loop loop = loops[Math.floorMod(next.getAndIncrement(), loops.length)];
        loop.pending.add(new Registration(channel, connector));
        loop.selector.wakeup();
    }

    private record Registration(DatagramChannel channel, DTLSConnector connector) {}

    private static final class Loop implements Runnable {

        final Selector selector;
        final Queue<Registration> pending = new ConcurrentLinkedQueue<>();
        private final ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM_BYTES);

        Loop() {
            try {
                selector = Selector.open();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void run() {
            while (true) {
                try {
                    registerPending();
                    selector.select();
                    Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
                    while (ready.hasNext()) {
                        SelectionKey key = ready.next();
                        ready.remove();
                        if (key.isValid()) {
                            drain(key);
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    log.warn("Receiving failed; going on", e);
                }
            }
        }

        private void registerPending() {
            Registration registration;
            while ((registration = pending.poll()) != null) {
                try {
                    registration
                            .channel()
                            .register(selector, SelectionKey.OP_READ, registration.connector());
                } catch (ClosedChannelException closedBeforeRegistering) {
                    // Its connector was destroyed already.
                }
            }
        }

        /** Hands every datagram waiting on the key's channel to its connector. */
        private void drain(SelectionKey key) {
            DatagramChannel channel = (DatagramChannel) key.channel();
            DTLSConnector connector = (DTLSConnector) key.attachment();
            try {
                SocketAddress source;
                while ((source = receive(channel)) != null) {
                    byte[] bytes = new byte[buffer.remaining()];
                    buffer.get(bytes);
                    connector.processDatagram(new DatagramPacket(bytes, bytes.length, source));
                }
            } catch (IOException closed) {
                key.cancel();
            }
        }

        private SocketAddress receive(DatagramChannel channel) throws IOException {
            buffer.clear();
            SocketAddress source = channel.receive(buffer);
            buffer.flip();
            return source;
        }
    }
}
