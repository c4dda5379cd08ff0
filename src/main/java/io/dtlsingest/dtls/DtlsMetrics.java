package io.dtlsingest.dtls;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.californium.scandium.DtlsHealth;
import org.eclipse.californium.scandium.DtlsHealthExtended;
import org.eclipse.californium.scandium.DtlsHealthExtended2;
import org.eclipse.californium.scandium.dtls.DTLSContext;
import org.eclipse.californium.scandium.dtls.DTLSSession;
import org.eclipse.californium.scandium.dtls.Handshaker;
import org.eclipse.californium.scandium.dtls.SessionListener;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite.KeyExchangeAlgorithm;
import org.springframework.stereotype.Component;

/**
 * Feeds Scandium's own statistics into Micrometer instead of its periodic log dump: handshakes by
 * outcome, cipher suite and kind of authentication, handshakes in progress, records received and
 * dropped. Also keeps the last minute's handshake outcomes for the health endpoint.
 *
 * <p>Thread-safe: Scandium calls it from its receiver and connector threads.
 */
@Component
public class DtlsMetrics
        implements DtlsHealth, DtlsHealthExtended, DtlsHealthExtended2, SessionListener {

    private final MeterRegistry registry;
    private final AtomicInteger handshakesInProgress = new AtomicInteger();
    private final MinuteWindow succeededLastMinute = new MinuteWindow();
    private final MinuteWindow failedLastMinute = new MinuteWindow();
    private final Counter recordsReceived;
    private final Counter recordsDropped;
    private final Counter recordsSent;
    private final Counter macErrors;

    DtlsMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("dtls.handshakes.in.progress", handshakesInProgress, AtomicInteger::get)
                .description("DTLS handshakes started and not yet finished")
                .register(registry);
        recordsReceived =
                Counter.builder("dtls.records.received")
                        .description("DTLS records received, dropped ones included")
                        .register(registry);
        recordsDropped =
                Counter.builder("dtls.records.dropped")
                        .description("DTLS records dropped: malformed, replayed, unknown or late")
                        .register(registry);
        recordsSent =
                Counter.builder("dtls.records.sent")
                        .description("DTLS records sent")
                        .register(registry);
        macErrors =
                Counter.builder("dtls.records.mac.errors")
                        .description("DTLS records that failed their integrity check")
                        .register(registry);
    }

    /** Handshakes started and not yet finished. */
    public int handshakesInProgress() {
        return handshakesInProgress.get();
    }

    /** Handshakes that succeeded in the last minute. */
    public long handshakesSucceededLastMinute() {
        return succeededLastMinute.total();
    }

    /** Handshakes that failed in the last minute. */
    public long handshakesFailedLastMinute() {
        return failedLastMinute.total();
    }

    /** Records dropped since start. */
    public long recordsDropped() {
        return (long) recordsDropped.count();
    }

    @Override
    public boolean isEnabled() {
        return true;
    }

    @Override
    public void dump(String tag, int maxConnections, int remainingCapacity, int pending) {
        // Operators read these numbers from the metrics and the health endpoint instead.
    }

    @Override
    public void startHandshake() {
        handshakesInProgress.incrementAndGet();
    }

    @Override
    public void endHandshake(boolean success) {
        handshakesInProgress.decrementAndGet();
        (success ? succeededLastMinute : failedLastMinute).increment();
    }

    @Override
    public void receivingRecord(boolean drop) {
        recordsReceived.increment();
        if (drop) {
            recordsDropped.increment();
        }
    }

    @Override
    public void sendingRecord(boolean drop) {
        recordsSent.increment();
    }

    @Override
    public void setConnections(int count) {
        // The connection registry counts established connections itself.
    }

    @Override
    public void receivingMacError() {
        macErrors.increment();
    }

    @Override
    public void setPendingIncomingJobs(int count) {}

    @Override
    public void setPendingOutgoingJobs(int count) {}

    @Override
    public void setPendingHandshakeJobs(int count) {}

    @Override
    public void handshakeStarted(Handshaker handshaker) {}

    @Override
    public void contextEstablished(Handshaker handshaker, DTLSContext establishedContext) {}

    @Override
    public void handshakeCompleted(Handshaker handshaker) {
        countHandshake("succeeded", handshaker.getSession());
    }

    @Override
    public void handshakeFailed(Handshaker handshaker, Throwable error) {
        countHandshake("failed", handshaker.getSession());
    }

    @Override
    public void handshakeFlightRetransmitted(Handshaker handshaker, int flight) {}

    private void countHandshake(String outcome, DTLSSession session) {
        CipherSuite suite = session == null ? null : session.getCipherSuite();
        boolean negotiated = suite != null && suite != CipherSuite.TLS_NULL_WITH_NULL_NULL;
        Counter.builder("dtls.handshakes")
                .description("DTLS handshakes by outcome, cipher suite and authentication")
                .tag("outcome", outcome)
                .tag("cipher_suite", negotiated ? suite.name() : "none")
                .tag("auth", negotiated ? auth(suite) : "none")
                .register(registry)
                .increment();
    }

    private static String auth(CipherSuite suite) {
        KeyExchangeAlgorithm exchange = suite.getKeyExchange();
        return exchange == KeyExchangeAlgorithm.PSK || exchange == KeyExchangeAlgorithm.ECDHE_PSK
                ? AuthType.PSK.wireName()
                : AuthType.RPK.wireName();
    }
}
