package io.dtlsingest.dtls;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the DTLS endpoint. Every DTLS default of the service lives here, so that a reader
 * sees in one place what the endpoint does and can look up each value in the README.
 *
 * @param port UDP port; 0 picks a free port (tests)
 * @param bindAddress local address to bind, all interfaces by default
 * @param serverKey PEM file holding the server's EC P-256 private key (PKCS#8 or SEC1) and
 *     optionally its public key; when absent a key pair is generated once and kept in the database
 * @param connectionIdLength length of the connection id (RFC 9146) this server issues; 0 accepts a
 *     device's id without issuing one, null disables connection ids
 * @param maxConnections connections kept at most; the least recently used stale one makes room
 * @param staleConnectionThreshold idle time after which a connection may be evicted for a new one
 * @param receiverThreads threads reading datagrams from the socket
 * @param connectorThreads threads running handshakes and decrypting records, besides the timer
 * @param receiveBufferSize socket receive buffer (SO_RCVBUF) in bytes; 0 keeps the system's
 * @param sendBufferSize socket send buffer (SO_SNDBUF) in bytes; 0 keeps the system's
 * @param cipherSuites cipher suites offered, in order of preference
 * @param stateFile where the connections are saved on a graceful stop and restored from at start,
 *     sealed with the secrets key; none saves nothing
 * @param stateMaxAge saved state older than this, and connections idle longer, are discarded
 * @param credentials how device credentials are looked up during handshakes
 */
@Validated
@ConfigurationProperties("ingest.dtls")
public record DtlsProperties(
        @DefaultValue("5684") @Min(0) @Max(65535) int port,
        @DefaultValue("0.0.0.0") @NotBlank String bindAddress,
        @Nullable Path serverKey,
        @DefaultValue("6") @Nullable @Min(0) @Max(16) Integer connectionIdLength,
        @DefaultValue("100000") @Min(1) int maxConnections,
        @DefaultValue("30m") @DurationMin(seconds = 1) Duration staleConnectionThreshold,
        @DefaultValue("2") @Min(1) @Max(64) int receiverThreads,
        @DefaultValue("2") @Min(1) @Max(256) int connectorThreads,
        @DefaultValue("0") @Min(0) int receiveBufferSize,
        @DefaultValue("0") @Min(0) int sendBufferSize,
        @DefaultValue({
                    "TLS_PSK_WITH_AES_128_CCM_8",
                    "TLS_PSK_WITH_AES_128_GCM_SHA256",
                    "TLS_PSK_WITH_AES_128_CBC_SHA256",
                    "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256",
                    "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8",
                    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"
                })
                @NotEmpty
                List<CipherSuite> cipherSuites,
        @Nullable Path stateFile,
        @DefaultValue("1h") @DurationMin(seconds = 1) Duration stateMaxAge,
        @DefaultValue @Valid Credentials credentials) {

    /** The same settings with another server key file. */
    DtlsProperties withServerKey(@Nullable Path otherServerKey) {
        return new DtlsProperties(
                port,
                bindAddress,
                otherServerKey,
                connectionIdLength,
                maxConnections,
                staleConnectionThreshold,
                receiverThreads,
                connectorThreads,
                receiveBufferSize,
                sendBufferSize,
                cipherSuites,
                stateFile,
                stateMaxAge,
                credentials);
    }

    /**
     * Credential lookups made during handshakes. They run on their own threads so that a slow
     * database never holds up a DTLS thread.
     *
     * @param lookupThreads threads querying the database
     * @param pendingLookups lookups queued at most; a handshake arriving when the queue is full
     *     fails and the device retries
     * @param cacheSize credentials cached at most
     * @param cacheTtl how long a cached credential is trusted without asking the database again
     */
    public record Credentials(
            @DefaultValue("4") @Min(1) @Max(64) int lookupThreads,
            @DefaultValue("1000") @Min(1) int pendingLookups,
            @DefaultValue("10000") @Min(1) long cacheSize,
            @DefaultValue("5m") @DurationMin(seconds = 1) Duration cacheTtl) {}
}
