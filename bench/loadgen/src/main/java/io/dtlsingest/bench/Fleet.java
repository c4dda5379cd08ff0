package io.dtlsingest.bench;

import io.dtlsingest.bench.Devices.Device;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;
import org.eclipse.californium.scandium.dtls.x509.StaticNewAdvancedCertificateVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many simulated devices, each a Scandium client connector on a socket of its own (a client
 * connector keeps one session per server address). The connectors share one small scheduled
 * executor for handshakes, records and timers, and a few threads that read all their sockets, so a
 * connection costs a socket and no thread.
 */
final class Fleet implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Fleet.class);
    private static final int MAX_CONCURRENT_HANDSHAKES = 200;
    private static final ChannelReceivers RECEIVERS = new ChannelReceivers(2);

    /**
     * The loopback address the devices' sockets are bound to. One address has about 28,000
     * ephemeral ports, so load generator processes of their own take other 127.x addresses.
     */
    static final String BIND_HOST_PROPERTY = "bench.bind-host";

    private static final String BIND_HOST = System.getProperty(BIND_HOST_PROPERTY, "127.0.0.1");

    static {
        DtlsConfig.register();
    }

    /** How a simulated device authenticates. */
    enum Kind {
        PSK(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8),
        ECDHE_PSK(CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256),
        RPK(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8);

        final CipherSuite suite;

        Kind(CipherSuite suite) {
            this.suite = suite;
        }
    }

    private final List<BenchConnection> connections;
    private final ScheduledFuture<?> timeouts;

    private Fleet(List<BenchConnection> connections, ScheduledExecutorService executor) {
        this.connections = connections;
        this.timeouts =
                executor.scheduleWithFixedDelay(this::checkTimeouts, 50, 50, TimeUnit.MILLISECONDS);
    }

    /**
     * Opens {@code count} connections, each with a full handshake and one datagram, at most {@value
     * #MAX_CONCURRENT_HANDSHAKES} handshakes at a time. Connections that got no reply are closed
     * and left out.
     *
     * @param kindOf the kind of the i-th connection
     */
    static Fleet open(
            InetSocketAddress server,
            Devices devices,
            Ledger ledger,
            boolean storesReadings,
            Tally tally,
            int count,
            IntFunction<Kind> kindOf,
            ScheduledExecutorService executor) {
        long started = System.nanoTime();
        List<BenchConnection> created = new ArrayList<>(count);
        // Each kind of device is taken in turn from its own pool, so connections share a device
        // only when the pool is smaller than the connections of that kind. The service lets a
        // device hold a few connections at most and ends the oldest beyond that, so a pool taken
        // by the connection's index (every tenth index for RPK) made a hundred devices reconnect
        // in a loop at 10,000 connections.
        int pskTaken = 0;
        int rpkTaken = 0;
        for (int i = 0; i < count; i++) {
            Kind kind = kindOf.apply(i);
            Device device =
                    kind == Kind.RPK
                            ? nth(devices.rpk(), rpkTaken++)
                            : nth(devices.psk(), pskTaken++);
            DTLSConnector connector = connector(kind, device, executor);
            created.add(
                    new BenchConnection(connector, server, device, ledger, storesReadings, tally));
        }
        List<BenchConnection> established = establish(created);
        log.info(
                "Opened {} of {} connections in {} ms",
                established.size(),
                count,
                (System.nanoTime() - started) / 1_000_000);
        return new Fleet(established, executor);
    }

    /** The i-th connection of a mix: 80% PSK, 10% ECDHE-PSK, 10% RPK. */
    static Kind mixed(int i) {
        return switch (i % 10) {
            case 3 -> Kind.ECDHE_PSK;
            case 7 -> Kind.RPK;
            default -> Kind.PSK;
        };
    }

    private static Device nth(List<Device> pool, int n) {
        return pool.get(n % pool.size());
    }

    private static List<BenchConnection> establish(List<BenchConnection> created) {
        Semaphore slots = new Semaphore(MAX_CONCURRENT_HANDSHAKES);
        List<CompletableFuture<Void>> replies = new ArrayList<>(created.size());
        AtomicInteger failed = new AtomicInteger();
        try {
            for (BenchConnection connection : created) {
                slots.acquire();
                CompletableFuture<Void> reply =
                        connection.connect().orTimeout(20, TimeUnit.SECONDS);
                reply.whenComplete(
                        (ok, error) -> {
                            slots.release();
                            if (error != null) {
                                failed.incrementAndGet();
                            }
                        });
                replies.add(reply);
            }
            slots.acquire(MAX_CONCURRENT_HANDSHAKES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }

        List<BenchConnection> established = new ArrayList<>(created.size());
        for (int i = 0; i < created.size(); i++) {
            CompletableFuture<Void> reply = replies.get(i);
            if (reply.isDone() && !reply.isCompletedExceptionally()) {
                established.add(created.get(i));
            } else {
                created.get(i).close();
            }
        }
        if (failed.get() > 0) {
            log.warn("{} connections got no reply to their first datagram", failed.get());
        }
        return established;
    }

    /** An unstarted client connector for one device. */
    static DTLSConnector connector(Kind kind, Device device, ScheduledExecutorService executor) {
        Configuration configuration = new Configuration();
        configuration
                .set(DtlsConfig.DTLS_ROLE, DtlsRole.CLIENT_ONLY)
                .set(DtlsConfig.DTLS_RECOMMENDED_CIPHER_SUITES_ONLY, false)
                .set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 0)
                .set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 0)
                .set(DtlsConfig.DTLS_MAX_CONNECTIONS, 4)
                .set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, 2, TimeUnit.SECONDS)
                .set(DtlsConfig.DTLS_MAX_RETRANSMISSIONS, 3)
                .set(DtlsConfig.DTLS_CIPHER_SUITES, List.of(kind.suite));
        InetSocketAddress bindAddress = new InetSocketAddress(BIND_HOST, 0);
        DtlsConnectorConfig.Builder builder = DtlsConnectorConfig.builder(configuration);
        builder.setAddress(bindAddress);
        if (kind == Kind.RPK) {
            configuration.setAsList(
                    DtlsConfig.DTLS_CERTIFICATE_TYPES, CertificateType.RAW_PUBLIC_KEY);
            builder.setCertificateIdentityProvider(
                            new SingleCertificateProvider(
                                    device.keys().getPrivate(), device.keys().getPublic()))
                    .setAdvancedCertificateVerifier(
                            StaticNewAdvancedCertificateVerifier.builder()
                                    .setTrustAllRPKs()
                                    .build());
        } else {
            builder.setAdvancedPskStore(new AdvancedSinglePskStore(device.id(), device.key()));
        }
        DTLSConnector connector = ChannelConnector.open(builder.build(), bindAddress, RECEIVERS);
        connector.setExecutor(executor);
        return connector;
    }

    List<BenchConnection> connections() {
        return connections;
    }

    int size() {
        return connections.size();
    }

    /** Waits up to {@code maxWaitMillis} for outstanding datagrams to be answered or given up. */
    void drain(long maxWaitMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + maxWaitMillis;
        while (System.currentTimeMillis() < deadline && outstanding() > 0) {
            Thread.sleep(50);
        }
    }

    long outstanding() {
        long total = 0;
        for (BenchConnection connection : connections) {
            total += connection.outstanding();
        }
        return total;
    }

    private void checkTimeouts() {
        long now = System.nanoTime();
        for (BenchConnection connection : connections) {
            connection.checkTimeouts(now);
        }
    }

    @Override
    public void close() {
        timeouts.cancel(false);
        // Destroying a connector shuts its session down and closes its socket; many at a time
        // keeps closing ten thousand of them short.
        ExecutorService closers = Executors.newFixedThreadPool(16);
        for (BenchConnection connection : connections) {
            closers.execute(connection::close);
        }
        closers.shutdown();
        try {
            closers.awaitTermination(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
