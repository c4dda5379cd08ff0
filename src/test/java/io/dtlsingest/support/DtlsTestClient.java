package io.dtlsingest.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.EndpointContext;
import org.eclipse.californium.elements.MessageCallback;
import org.eclipse.californium.elements.RawData;
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

/**
 * A device for tests: a Scandium client connector that sends datagrams to the service over loopback
 * and collects the replies. Close it after use.
 */
public final class DtlsTestClient implements AutoCloseable {

    static {
        DtlsConfig.register();
    }

    private final DTLSConnector connector;
    private final InetSocketAddress server;
    private final BlockingQueue<byte[]> replies = new LinkedBlockingQueue<>();

    private DtlsTestClient(DtlsConnectorConfig.Builder builder, InetSocketAddress server) {
        this.server = server;
        this.connector =
                new DTLSConnector(
                        builder.setAddress(new InetSocketAddress("127.0.0.1", 0)).build());
        connector.setRawDataReceiver(raw -> replies.add(raw.getBytes()));
        try {
            connector.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client that authenticates with a PSK, offering one cipher suite. */
    public static DtlsTestClient psk(
            int serverPort, String identity, byte[] key, CipherSuite cipherSuite) {
        DtlsConnectorConfig.Builder builder =
                DtlsConnectorConfig.builder(configuration(cipherSuite))
                        .setAdvancedPskStore(new AdvancedSinglePskStore(identity, key));
        return new DtlsTestClient(builder, loopback(serverPort));
    }

    /** A PSK client offering TLS_PSK_WITH_AES_128_CCM_8. */
    public static DtlsTestClient psk(int serverPort, String identity, byte[] key) {
        return psk(serverPort, identity, key, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8);
    }

    /** A client that authenticates with a raw public key, trusting any server key. */
    public static DtlsTestClient rpk(int serverPort, KeyPair keys, CipherSuite cipherSuite) {
        Configuration configuration = configuration(cipherSuite);
        configuration.setAsList(DtlsConfig.DTLS_CERTIFICATE_TYPES, CertificateType.RAW_PUBLIC_KEY);
        DtlsConnectorConfig.Builder builder =
                DtlsConnectorConfig.builder(configuration)
                        .setCertificateIdentityProvider(
                                new SingleCertificateProvider(keys.getPrivate(), keys.getPublic()))
                        .setAdvancedCertificateVerifier(
                                StaticNewAdvancedCertificateVerifier.builder()
                                        .setTrustAllRPKs()
                                        .build());
        return new DtlsTestClient(builder, loopback(serverPort));
    }

    private static Configuration configuration(CipherSuite cipherSuite) {
        Configuration configuration = new Configuration();
        configuration
                .set(DtlsConfig.DTLS_ROLE, DtlsRole.CLIENT_ONLY)
                .set(DtlsConfig.DTLS_RECOMMENDED_CIPHER_SUITES_ONLY, false)
                .set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 0)
                .set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1)
                .set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1)
                // A refused PSK handshake is not announced to the client, which learns of it only
                // when its retransmissions run out; short timeouts keep those tests quick.
                .set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, 300, TimeUnit.MILLISECONDS)
                .set(DtlsConfig.DTLS_MAX_RETRANSMISSIONS, 2)
                .set(DtlsConfig.DTLS_CIPHER_SUITES, List.of(cipherSuite));
        return configuration;
    }

    private static InetSocketAddress loopback(int port) {
        return new InetSocketAddress("127.0.0.1", port);
    }

    /**
     * Sends a datagram, doing the handshake first if needed.
     *
     * @return completes when the datagram left, or exceptionally when the handshake failed
     */
    public CompletableFuture<Void> send(byte[] payload) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        EndpointContext context = new AddressEndpointContext(server);
        connector.send(RawData.outbound(payload, context, new Outcome(sent), false));
        return sent;
    }

    /** Sends a datagram and waits up to five seconds for the next reply. */
    public byte[] exchange(byte[] payload) throws Exception {
        send(payload).get(5, TimeUnit.SECONDS);
        return nextReply();
    }

    /** The next reply, waiting up to five seconds; fails when none comes. */
    public byte[] nextReply() throws InterruptedException {
        return nextReply(Duration.ofSeconds(5));
    }

    /** The next reply, waiting up to {@code wait}; fails when none comes. */
    public byte[] nextReply(Duration wait) throws InterruptedException {
        byte[] reply = replies.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (reply == null) {
            throw new AssertionError("no reply within " + wait);
        }
        return reply;
    }

    /** The client's own address, as the service sees it over loopback. */
    public InetSocketAddress localAddress() {
        return connector.getAddress();
    }

    /** Fails when a reply arrives within {@code wait}. */
    public void assertNoReplyWithin(Duration wait) throws InterruptedException {
        byte[] reply = replies.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (reply != null) {
            throw new AssertionError(
                    "unexpected reply "
                            + new String(reply, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() {
        connector.destroy();
    }

    private record Outcome(CompletableFuture<Void> sent) implements MessageCallback {

        @Override
        public void onConnecting() {}

        @Override
        public void onDtlsRetransmission(int flight) {}

        @Override
        public void onContextEstablished(EndpointContext context) {}

        @Override
        public void onSent() {
            sent.complete(null);
        }

        @Override
        public void onError(Throwable error) {
            sent.completeExceptionally(error);
        }
    }
}
