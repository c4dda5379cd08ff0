package io.dtlsingest.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import io.dtlsingest.support.ClientHellos;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.californium.scandium.DtlsDatagramFilter;
import org.junit.jupiter.api.Test;

/**
 * Verifies that ClientHellos starting a handshake are dropped beyond the global cap on handshakes
 * in progress, that handshakes Scandium started are refused beyond their source prefix's rate, and
 * that nothing else is held back: neither a made-up cookie nor an established connection's record
 * is charged to a prefix.
 */
class HandshakeThrottleTest {

    private static final byte[] RANDOM = new byte[32];
    private static final byte[] NONE = new byte[0];
    private static final byte[] COOKIE =
            HexFormat.of().parseHex("00112233445566778899aabbccddeeff");

    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicInteger inProgress = new AtomicInteger();
    private final AtomicLong now = new AtomicLong();
    private final HandshakeThrottle throttle =
            new HandshakeThrottle(
                    new DtlsDatagramFilter(),
                    new DtlsLimitProperties(3, 1, 2, 24, 56, 100, 4),
                    inProgress::get,
                    now::get,
                    meters);

    @Test
    void handshakesBeyondThePrefixBurstAreRefusedAndCounted() throws Exception {
        assertThat(admits("192.0.2.10")).isTrue();
        assertThat(admits("192.0.2.11")).isTrue();

        assertThat(admits("192.0.2.12")).isFalse();
        assertThat(throttled("source_rate")).isEqualTo(1);
        assertThat(admits("192.0.3.12")).as("another /24").isTrue();

        now.addAndGet(1_000_000_000L);
        assertThat(admits("192.0.2.12")).as("a second later").isTrue();
    }

    @Test
    void clientHellosWithMadeUpCookiesOrSessionIdsCostAPrefixNothing() throws Exception {
        byte[] resumption = ClientHellos.record(RANDOM, new byte[32], NONE, 0);

        for (int i = 0; i < 20; i++) {
            assertThat(passes(withCookie(), "198.51.100.1")).isTrue();
            assertThat(passes(resumption, "198.51.100.1")).isTrue();
        }

        assertThat(admits("198.51.100.2")).isTrue();
        assertThat(throttled("source_rate")).isZero();
    }

    @Test
    void firstClientHellosWithoutACookieAlwaysPass() throws Exception {
        byte[] first = ClientHellos.record(RANDOM, NONE, NONE, 0);
        inProgress.set(1000);

        for (int i = 0; i < 20; i++) {
            assertThat(passes(first, "203.0.113.5")).isTrue();
        }
        assertThat(throttled("source_rate") + throttled("in_progress")).isZero();
    }

    @Test
    void handshakesBeyondTheGlobalCapAreDroppedWhateverTheirSource() throws Exception {
        inProgress.set(3);

        assertThat(passes(withCookie(), "203.0.113.5")).isFalse();
        assertThat(throttled("in_progress")).isEqualTo(1);

        inProgress.set(2);
        assertThat(passes(withCookie(), "203.0.113.5")).isTrue();
    }

    @Test
    void recordsOfEstablishedConnectionsAlwaysPass() throws Exception {
        // An application data record under epoch 1, as an established device sends it.
        byte[] applicationData =
                HexFormat.of().parseHex("17fefd0001000000000005001800" + "00".repeat(24));
        inProgress.set(1000);

        for (int i = 0; i < 20; i++) {
            assertThat(passes(applicationData, "192.0.2.10")).isTrue();
        }
    }

    @Test
    void ipv6SourcesShareTheirSlash56() throws Exception {
        assertThat(admits("2001:db8:0:ab01::1")).isTrue();
        assertThat(admits("2001:db8:0:abff::2")).isTrue();

        assertThat(admits("2001:db8:0:ab42::3")).isFalse();
        assertThat(admits("2001:db8:0:ac00::1")).isTrue();
    }

    @Test
    void prefixesPrintInCidrNotation() throws Exception {
        assertThat(SourcePrefix.of(InetAddress.getByName("192.0.2.200"), 24, 56))
                .hasToString("192.0.2.0/24");
        assertThat(SourcePrefix.of(InetAddress.getByName("2001:db8:0:abcd::1"), 24, 56))
                .hasToString("2001:db8:0:ab00:0:0:0:0/56");
    }

    private static byte[] withCookie() {
        return ClientHellos.record(RANDOM, NONE, COOKIE, 1);
    }

    private boolean passes(byte[] datagram, String source) throws Exception {
        DatagramPacket packet = new DatagramPacket(datagram, datagram.length);
        packet.setSocketAddress(new InetSocketAddress(InetAddress.getByName(source), 40000));
        return throttle.onReceiving(packet);
    }

    private boolean admits(String source) throws Exception {
        return throttle.admit(InetAddress.getByName(source));
    }

    private double throttled(String reason) {
        return meters.get("dtls.handshakes.throttled").tag("reason", reason).counter().count();
    }
}
