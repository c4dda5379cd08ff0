package io.dtlsingest.bench;

import io.dtlsingest.bench.Devices.Device;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.EndpointContext;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.scandium.DTLSConnector;

/**
 * One simulated device on one DTLS session, behaving as the protocol asks a device to: every
 * datagram carries a fresh message id, is kept until its "ok" arrives, is retransmitted byte for
 * byte on the same session when no reply comes in time (doubling the wait), and is sent again later
 * when the service answers "busy".
 */
final class BenchConnection {

    /** Told when a datagram is finished with: acknowledged, rejected or given up. */
    interface Completion {
        void completed(BenchConnection connection);
    }

    private static final long INITIAL_TIMEOUT_NANOS = 2_000_000_000L;
    private static final int MAX_RETRANSMISSIONS = 3;
    private static final long BUSY_BACKOFF_NANOS = 50_000_000L;
    private static final int MAX_BUSY_RETRIES = 8;

    private final DTLSConnector connector;
    private final EndpointContext server;
    private final InetSocketAddress serverAddress;
    private final Device device;
    private final Ledger ledger;
    private final boolean storesReadings;
    private final Tally tally;
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private volatile Completion completion = connection -> {};
    private volatile CompletableFuture<Void> firstReply = new CompletableFuture<>();

    BenchConnection(
            DTLSConnector connector,
            InetSocketAddress server,
            Device device,
            Ledger ledger,
            boolean storesReadings,
            Tally tally) {
        this.connector = connector;
        this.server = new AddressEndpointContext(server);
        this.serverAddress = server;
        this.device = device;
        this.ledger = ledger;
        this.storesReadings = storesReadings;
        this.tally = tally;
        connector.setRawDataReceiver(raw -> onReply(raw.getBytes()));
        try {
            connector.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void onCompletion(Completion completion) {
        this.completion = completion;
    }

    /** Sends one datagram and completes once any reply to it came. */
    CompletableFuture<Void> connect() {
        CompletableFuture<Void> reply = new CompletableFuture<>();
        firstReply = reply;
        sendNew();
        return reply;
    }

    /**
     * Ends the session with a close_notify, as a device that shuts down politely would, and forgets
     * it, so that the next datagram needs a full handshake.
     */
    CompletableFuture<Void> reconnect() {
        pending.clear();
        connector.close(serverAddress);
        connector.clearConnectionState();
        return connect();
    }

    /** Sends a new datagram holding one reading whose value is its message id. */
    void sendNew() {
        long mid = ledger.nextMid(device.index());
        byte[] payload =
                ("[{\"n\":\"seq\",\"v\":" + mid + ",\"mid\":" + mid + "}]")
                        .getBytes(StandardCharsets.US_ASCII);
        long now = System.nanoTime();
        pending.put(mid, new Pending(payload, now, now + INITIAL_TIMEOUT_NANOS));
        tally.sent.increment();
        transmit(payload);
    }

    int outstanding() {
        return pending.size();
    }

    /** Retransmits what is overdue; gives up on a datagram after its last retransmission. */
    void checkTimeouts(long now) {
        Iterator<Map.Entry<Long, Pending>> entries = pending.entrySet().iterator();
        while (entries.hasNext()) {
            Pending datagram = entries.next().getValue();
            if (now - datagram.deadline < 0) {
                continue;
            }
            if (datagram.waitingAfterBusy) {
                datagram.waitingAfterBusy = false;
                datagram.deadline = now + INITIAL_TIMEOUT_NANOS;
                transmit(datagram.payload);
            } else if (datagram.retransmissions < MAX_RETRANSMISSIONS) {
                datagram.retransmissions++;
                datagram.deadline = now + (INITIAL_TIMEOUT_NANOS << datagram.retransmissions);
                tally.retransmitted.increment();
                transmit(datagram.payload);
            } else {
                entries.remove();
                tally.gaveUp.increment();
                completion.completed(this);
            }
        }
    }

    void close() {
        connector.destroy();
    }

    private void transmit(byte[] payload) {
        connector.send(RawData.outbound(payload, server, null, false));
    }

    private void onReply(byte[] bytes) {
        Reply reply = Reply.parse(bytes);
        firstReply.complete(null);
        if (reply.mid() < 0) {
            tally.rejected.increment();
            return;
        }
        Pending datagram = pending.get(reply.mid());
        if (datagram == null) {
            // A late reply to a datagram already answered or given up.
            return;
        }
        switch (reply.code()) {
            case "ok", "echo" -> acknowledged(reply, datagram);
            case "busy" -> retryLater(reply.mid(), datagram);
            case "internal" -> {
                tally.internal.increment();
                retryLater(reply.mid(), datagram);
            }
            default -> {
                pending.remove(reply.mid());
                tally.rejected.increment();
                completion.completed(this);
            }
        }
    }

    private void acknowledged(Reply reply, Pending datagram) {
        if (pending.remove(reply.mid()) == null) {
            return;
        }
        tally.latency(System.nanoTime() - datagram.firstSent);
        if (tally.recording()) {
            tally.ok.increment();
            // An echo carries the one reading back; a duplicate's reading was stored before.
            boolean oneReading = reply.duplicate() || reply.code().equals("echo");
            tally.readings.add(oneReading ? 1 : Math.max(reply.stored(), 0));
            if (reply.duplicate()) {
                tally.duplicate.increment();
            }
        }
        if (storesReadings) {
            ledger.acknowledged(device.index(), reply.mid());
        }
        completion.completed(this);
    }

    private void retryLater(long mid, Pending datagram) {
        tally.busy.increment();
        if (datagram.busyRetries >= MAX_BUSY_RETRIES) {
            pending.remove(mid);
            tally.gaveUp.increment();
            completion.completed(this);
            return;
        }
        long backoff = BUSY_BACKOFF_NANOS << datagram.busyRetries;
        datagram.busyRetries++;
        datagram.waitingAfterBusy = true;
        datagram.deadline =
                System.nanoTime() + backoff + ThreadLocalRandom.current().nextLong(backoff);
    }

    /** A datagram waiting for its reply. */
    private static final class Pending {
        final byte[] payload;
        final long firstSent;
        volatile long deadline;
        volatile int retransmissions;
        volatile int busyRetries;
        volatile boolean waitingAfterBusy;

        Pending(byte[] payload, long firstSent, long deadline) {
            this.payload = payload;
            this.firstSent = firstSent;
            this.deadline = deadline;
        }
    }
}
