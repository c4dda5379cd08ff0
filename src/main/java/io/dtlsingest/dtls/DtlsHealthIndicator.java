package io.dtlsingest.dtls;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * Health contributor {@code dtls}: UP while the socket is bound and records are taken, OUT OF
 * SERVICE while the socket is bound but records are not taken (starting, or draining during a
 * graceful stop), DOWN when the socket is closed. Its details carry the numbers an operator asks
 * first.
 */
@Component("dtls")
class DtlsHealthIndicator implements HealthIndicator {

    private final DtlsEndpoint endpoint;
    private final DtlsInboundChannelAdapter adapter;
    private final ConnectionRegistry connections;
    private final DtlsMetrics metrics;

    DtlsHealthIndicator(
            DtlsEndpoint endpoint,
            DtlsInboundChannelAdapter adapter,
            ConnectionRegistry connections,
            DtlsMetrics metrics) {
        this.endpoint = endpoint;
        this.adapter = adapter;
        this.connections = connections;
        this.metrics = metrics;
    }

    @Override
    public Health health() {
        Health.Builder health;
        if (!endpoint.isRunning()) {
            health = Health.down().withDetail("reason", "the DTLS socket is closed");
        } else if (!adapter.isListening()) {
            health =
                    Health.status(Status.OUT_OF_SERVICE)
                            .withDetail("reason", "records are not taken: starting or stopping");
        } else {
            health = Health.up();
        }
        return health.withDetail("address", endpoint.address().toString())
                .withDetail("activeConnections", connections.size())
                .withDetail("handshakesInProgress", metrics.handshakesInProgress())
                .withDetail(
                        "handshakesSucceededLastMinute", metrics.handshakesSucceededLastMinute())
                .withDetail("handshakesFailedLastMinute", metrics.handshakesFailedLastMinute())
                .withDetail("droppedRecords", metrics.recordsDropped())
                .build();
    }
}
