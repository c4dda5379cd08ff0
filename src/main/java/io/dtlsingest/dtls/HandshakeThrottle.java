package io.dtlsingest.dtls;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.dtlsingest.limits.TokenBucket;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.eclipse.californium.scandium.DatagramFilter;
import org.eclipse.californium.scandium.dtls.AlertMessage;
import org.eclipse.californium.scandium.dtls.AlertMessage.AlertDescription;
import org.eclipse.californium.scandium.dtls.AlertMessage.AlertLevel;
import org.eclipse.californium.scandium.dtls.Connection;
import org.eclipse.californium.scandium.dtls.HandshakeException;
import org.eclipse.californium.scandium.dtls.Handshaker;
import org.eclipse.californium.scandium.dtls.Record;
import org.eclipse.californium.scandium.dtls.SessionAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps handshakes within their limits in two places. As Scandium's datagram filter, on the
 * receiver thread before Scandium parses anything, it drops ClientHellos that would start a
 * handshake while too many are under way: those carrying a cookie or a session id. A first
 * ClientHello without either is answered by Scandium with a stateless HelloVerifyRequest and costs
 * no handshake state. As a session listener, it charges a handshake to its source prefix only once
 * Scandium has started it, that is after the cookie proved the source address (RFC 6347 section
 * 4.2.1), and aborts it when the prefix starts them too fast; so a spoofed flood, even one with
 * made-up cookies, cannot use up the budget of someone else's prefix. Records of established
 * connections are application data or alerts, or handshakes under a later epoch; they all pass.
 *
 * <p>The prefix map is bounded by {@link DtlsLimitProperties#maxPrefixes()}; a prefix quiet for
 * longer than its bucket takes to fill is forgotten, losing nothing. When more prefixes than the
 * bound are starting handshakes, evicted ones start again with a full bucket.
 */
final class HandshakeThrottle extends SessionAdapter implements DatagramFilter {

    private static final Logger log = LoggerFactory.getLogger(HandshakeThrottle.class);

    private static final int HANDSHAKE = 22;
    private static final int CLIENT_HELLO = 1;
    private static final int RECORD_HEADER = 13;
    private static final int HANDSHAKE_HEADER = 12;

    /** client_version (2 bytes) and random (32 bytes) precede the session id. */
    private static final int SESSION_ID_OFFSET = RECORD_HEADER + HANDSHAKE_HEADER + 2 + 32;

    private static final long WARNING_INTERVAL_NANOS = Duration.ofMinutes(1).toNanos();

    private final DatagramFilter scandium;
    private final DtlsLimitProperties limits;
    private final IntSupplier handshakesInProgress;
    private final LongSupplier clock;
    private final Cache<SourcePrefix, TokenBucket> prefixes;
    private final Counter throttledInProgress;
    private final Counter throttledSourceRate;
    private final AtomicLong nextWarning = new AtomicLong(Long.MIN_VALUE);

    /**
     * @param scandium Scandium's own filter, which every datagram passes first
     * @param handshakesInProgress how many handshakes are under way now
     * @param clock monotonic nanoseconds
     */
    HandshakeThrottle(
            DatagramFilter scandium,
            DtlsLimitProperties limits,
            IntSupplier handshakesInProgress,
            LongSupplier clock,
            MeterRegistry meters) {
        this.scandium = scandium;
        this.limits = limits;
        this.handshakesInProgress = handshakesInProgress;
        this.clock = clock;
        this.prefixes =
                Caffeine.newBuilder()
                        .maximumSize(limits.maxPrefixes())
                        .expireAfterAccess(
                                TokenBucket.timeToFill(
                                        limits.handshakesPerSecond(), limits.handshakeBurst()))
                        .build();
        this.throttledInProgress = throttled(meters, "in_progress");
        this.throttledSourceRate = throttled(meters, "source_rate");
    }

    private static Counter throttled(MeterRegistry meters, String reason) {
        return Counter.builder("dtls.handshakes.throttled")
                .description("ClientHellos dropped to keep handshakes within their limits")
                .tag("reason", reason)
                .register(meters);
    }

    @Override
    public boolean onReceiving(DatagramPacket packet) {
        if (!scandium.onReceiving(packet)) {
            return false;
        }
        if (!startsHandshake(packet.getData(), packet.getOffset(), packet.getLength())) {
            return true;
        }

        if (handshakesInProgress.getAsInt() >= limits.maxHandshakesInProgress()) {
            throttledInProgress.increment();
            warn(
                    packet.getSocketAddress(),
                    "handshakes in progress at the limit of " + limits.maxHandshakesInProgress());
            return false;
        }
        return true;
    }

    /** Aborts a handshake whose source prefix has used up its budget. */
    @Override
    public void handshakeStarted(Handshaker handshaker) throws HandshakeException {
        InetSocketAddress peer = handshaker.getPeerAddress();
        if (!admit(peer.getAddress())) {
            warn(peer, "its prefix starts more than " + limits.handshakesPerSecond() + " a second");
            throw new HandshakeException(
                    "too many handshakes from the source prefix",
                    new AlertMessage(AlertLevel.FATAL, AlertDescription.HANDSHAKE_FAILURE));
        }
    }

    /** Takes one handshake from the budget of the address's prefix, if any is left. */
    boolean admit(InetAddress address) {
        SourcePrefix prefix =
                SourcePrefix.of(address, limits.ipv4PrefixLength(), limits.ipv6PrefixLength());
        long now = clock.getAsLong();
        TokenBucket bucket =
                prefixes.get(
                        prefix,
                        key ->
                                new TokenBucket(
                                        limits.handshakesPerSecond(),
                                        limits.handshakeBurst(),
                                        now));
        if (bucket.tryTake(1, now)) {
            return true;
        }
        throttledSourceRate.increment();
        return false;
    }

    /**
     * Whether the datagram starts with a ClientHello record under epoch 0 that carries a session id
     * or a cookie (RFC 6347 sections 4.1 and 4.2.1 give the layout).
     */
    static boolean startsHandshake(byte[] data, int offset, int length) {
        if (length <= SESSION_ID_OFFSET
                || data[offset] != HANDSHAKE
                || data[offset + 3] != 0
                || data[offset + 4] != 0
                || data[offset + RECORD_HEADER] != CLIENT_HELLO) {
            return false;
        }
        int sessionIdLength = data[offset + SESSION_ID_OFFSET] & 0xff;
        if (sessionIdLength > 0) {
            return true;
        }
        int cookieLengthAt = SESSION_ID_OFFSET + 1;
        return length > cookieLengthAt && data[offset + cookieLengthAt] != 0;
    }

    /** At most one warning a minute, however hard the flood. */
    private void warn(SocketAddress source, String why) {
        long now = clock.getAsLong();
        long next = nextWarning.get();
        if (now - next >= 0 || next == Long.MIN_VALUE) {
            if (nextWarning.compareAndSet(next, now + WARNING_INTERVAL_NANOS)) {
                log.warn(
                        "Throttling handshakes, the latest from {}: {}; {} refused so far"
                                + " (dtls_handshakes_throttled_total)",
                        source,
                        why,
                        (long) (throttledInProgress.count() + throttledSourceRate.count()));
            }
        }
    }

    @Override
    public boolean onReceiving(Record record, Connection connection) {
        return scandium.onReceiving(record, connection);
    }

    @Override
    public boolean onMacError(Record record, Connection connection) {
        return scandium.onMacError(record, connection);
    }
}
