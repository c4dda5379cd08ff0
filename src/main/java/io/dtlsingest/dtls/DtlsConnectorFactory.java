package io.dtlsingest.dtls;

import io.dtlsingest.device.DeviceCredentials;
import io.dtlsingest.secrets.SecretBox;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.elements.config.CertificateAuthenticationMode;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.DtlsDatagramFilter;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;
import org.springframework.stereotype.Component;

/**
 * Builds the server's Scandium connector from {@link DtlsProperties}: DTLS 1.2 in the server role
 * only, every client authenticated by PSK or raw public key, connection ids on.
 */
@Component
class DtlsConnectorFactory {

    static {
        DtlsConfig.register();
        FastEllipticCurves.install();
    }

    private final DtlsProperties properties;
    private final ServerIdentityLoader identityLoader;
    private final CredentialLookup credentialLookup;
    private final DeviceCredentials deviceCredentials;
    private final DtlsMetrics metrics;
    private final ConnectionRegistry connections;
    private final SecretBox box;
    private final DtlsLimitProperties limits;
    private final MeterRegistry meters;

    DtlsConnectorFactory(
            DtlsProperties properties,
            ServerIdentityLoader identityLoader,
            CredentialLookup credentialLookup,
            DeviceCredentials deviceCredentials,
            DtlsMetrics metrics,
            ConnectionRegistry connections,
            SecretBox box,
            DtlsLimitProperties limits,
            MeterRegistry meters) {
        this.properties = properties;
        this.identityLoader = identityLoader;
        this.credentialLookup = credentialLookup;
        this.deviceCredentials = deviceCredentials;
        this.metrics = metrics;
        this.connections = connections;
        this.box = box;
        this.limits = limits;
        this.meters = meters;
    }

    /** Creates an unstarted connector bound to {@code bindAddress} when started. */
    DTLSConnector create(InetSocketAddress bindAddress) {
        ServerIdentity identity = identityLoader.load();
        Configuration configuration = configuration(properties);
        HandshakeThrottle throttle =
                new HandshakeThrottle(
                        new DtlsDatagramFilter(configuration),
                        limits,
                        metrics::handshakesInProgress,
                        System::nanoTime,
                        meters);
        DtlsConnectorConfig config =
                DtlsConnectorConfig.builder(configuration)
                        .setAddress(bindAddress)
                        .setDatagramFilter(throttle)
                        .setAdvancedPskStore(new DevicePskStore(credentialLookup, box))
                        .setCertificateIdentityProvider(
                                new SingleCertificateProvider(
                                        identity.privateKey(), identity.publicKey()))
                        .setAdvancedCertificateVerifier(
                                new DevicePublicKeyVerifier(credentialLookup))
                        .setApplicationLevelInfoSupplier(
                                AuthenticatedDevice.supplier(deviceCredentials))
                        .setHealthHandler(metrics)
                        // A handshake the throttle refuses is reported to the metrics as failed.
                        .setSessionListener(new SessionListenerChain(metrics, throttle))
                        .setConnectionListener(connections)
                        .setLoggingTag("ingest")
                        .build();
        return new DTLSConnector(config);
    }

    /** Scandium's configuration of the server's connector, without keys and stores. */
    static Configuration configuration(DtlsProperties properties) {
        Configuration configuration = new Configuration();
        configuration
                .set(DtlsConfig.DTLS_ROLE, DtlsRole.SERVER_ONLY)
                .set(
                        DtlsConfig.DTLS_CLIENT_AUTHENTICATION_MODE,
                        CertificateAuthenticationMode.NEEDED)
                .setAsList(DtlsConfig.DTLS_CERTIFICATE_TYPES, CertificateType.RAW_PUBLIC_KEY)
                .set(DtlsConfig.DTLS_CIPHER_SUITES, properties.cipherSuites())
                // The PSK CBC suite is on the required list for older firmware; Scandium counts
                // CBC as not recommended and would otherwise refuse it.
                .set(DtlsConfig.DTLS_RECOMMENDED_CIPHER_SUITES_ONLY, false)
                .set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, properties.connectionIdLength())
                .set(DtlsConfig.DTLS_MAX_CONNECTIONS, properties.maxConnections())
                .set(
                        DtlsConfig.DTLS_STALE_CONNECTION_THRESHOLD,
                        properties.staleConnectionThreshold().toSeconds(),
                        TimeUnit.SECONDS)
                .set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, properties.receiverThreads())
                // Scandium counts its timer thread among the connector threads and starts one
                // worker fewer; the property means the threads that do the work.
                .set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, properties.connectorThreads() + 1)
                // Scandium's default, stated because the handshake limits rely on it: a first
                // ClientHello is answered statelessly, and only one with the cookie starts a
                // handshake (RFC 6347 section 4.2.1).
                .set(DtlsConfig.DTLS_USE_HELLO_VERIFY_REQUEST, true);
        if (properties.receiveBufferSize() > 0) {
            configuration.set(DtlsConfig.DTLS_RECEIVE_BUFFER_SIZE, properties.receiveBufferSize());
        }
        if (properties.sendBufferSize() > 0) {
            configuration.set(DtlsConfig.DTLS_SEND_BUFFER_SIZE, properties.sendBufferSize());
        }
        return configuration;
    }
}
