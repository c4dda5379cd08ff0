package io.dtlsingest.bench;

import io.dtlsingest.dtls.FastEllipticCurves;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.config.CertificateAuthenticationMode;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedMultiPskStore;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;
import org.eclipse.californium.scandium.dtls.x509.StaticNewAdvancedCertificateVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport ceiling: a bare Scandium server with the service's DTLS settings (cipher suites,
 * connection ids, thread counts, PSK and raw public key clients) that sends every record straight
 * back. Whatever the load generator reaches against it is what DTLS alone allows on this machine.
 *
 * <p>Run as {@code EchoServer <port> <psk-devices>}; it stops when its standard input closes.
 */
final class EchoServer {

    private static final Logger log = LoggerFactory.getLogger(EchoServer.class);

    private EchoServer() {}

    public static void main(String[] args) throws Exception {
        DtlsConfig.register();
        FastEllipticCurves.install();
        int port = Integer.parseInt(args[0]);
        int pskDevices = Integer.parseInt(args[1]);

        AdvancedMultiPskStore psks = new AdvancedMultiPskStore();
        for (int i = 0; i < pskDevices; i++) {
            String id = Devices.pskId(i);
            psks.setKey(id, Devices.pskKey(id));
        }
        KeyPair serverKeys = Devices.ecGenerator().generateKeyPair();
        DtlsConnectorConfig config =
                DtlsConnectorConfig.builder(configuration())
                        .setAddress(new InetSocketAddress("127.0.0.1", port))
                        .setAdvancedPskStore(psks)
                        .setCertificateIdentityProvider(
                                new SingleCertificateProvider(
                                        serverKeys.getPrivate(), serverKeys.getPublic()))
                        .setAdvancedCertificateVerifier(
                                StaticNewAdvancedCertificateVerifier.builder()
                                        .setTrustAllRPKs()
                                        .build())
                        .build();
        DTLSConnector connector = new DTLSConnector(config);
        connector.setRawDataReceiver(
                raw ->
                        connector.send(
                                RawData.outbound(
                                        raw.getBytes(), raw.getEndpointContext(), null, false)));
        connector.start();
        log.info("Echo server listening on {}", connector.getAddress());

        CountDownLatch stdinClosed = new CountDownLatch(1);
        Thread watcher =
                new Thread(
                        () -> {
                            try {
                                while (System.in.read() >= 0) {
                                    // Only the end of input matters.
                                }
                            } catch (java.io.IOException e) {
                                log.debug("Standard input failed", e);
                            }
                            stdinClosed.countDown();
                        });
        watcher.setDaemon(true);
        watcher.start();
        stdinClosed.await(2, TimeUnit.HOURS);
        connector.destroy();
    }

    /**
     * The service's defaults (see its DtlsConnectorFactory and DtlsProperties), and the receive
     * buffer the benchmark gives the service.
     */
    private static Configuration configuration() {
        Configuration configuration = new Configuration();
        configuration
                .set(DtlsConfig.DTLS_ROLE, DtlsRole.SERVER_ONLY)
                .set(
                        DtlsConfig.DTLS_CLIENT_AUTHENTICATION_MODE,
                        CertificateAuthenticationMode.NEEDED)
                .setAsList(DtlsConfig.DTLS_CERTIFICATE_TYPES, CertificateType.RAW_PUBLIC_KEY)
                .setAsList(
                        DtlsConfig.DTLS_CIPHER_SUITES,
                        CipherSuite.TLS_PSK_WITH_AES_128_CCM_8,
                        CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256,
                        CipherSuite.TLS_PSK_WITH_AES_128_CBC_SHA256,
                        CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256,
                        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8,
                        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256)
                .set(DtlsConfig.DTLS_RECOMMENDED_CIPHER_SUITES_ONLY, false)
                .set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 6)
                .set(DtlsConfig.DTLS_MAX_CONNECTIONS, 100_000)
                // The service's defaults: two receivers, and two workers next to the timer thread.
                .set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 2)
                .set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 3)
                .set(DtlsConfig.DTLS_RECEIVE_BUFFER_SIZE, Service.RECEIVE_BUFFER_BYTES);
        return configuration;
    }
}
