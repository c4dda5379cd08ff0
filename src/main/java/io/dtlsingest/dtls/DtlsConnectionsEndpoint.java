package io.dtlsingest.dtls;

import io.dtlsingest.audit.AuditTrail;
import io.dtlsingest.dtls.LiveConnection.ConnectionView;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.stereotype.Component;

/**
 * Actuator endpoint {@code dtls}: the live DTLS connections, a page at a time and optionally of one
 * device ({@code /actuator/dtls?device=&page=&size=}); one device's connections ({@code
 * /actuator/dtls/{deviceId}}); and DELETE on that path to end them, which the audit trail records.
 */
@Component
@Endpoint(id = "dtls")
class DtlsConnectionsEndpoint {

    private static final int DEFAULT_PAGE_SIZE = 100;
    private static final int MAX_PAGE_SIZE = 1000;

    private final ConnectionRegistry connections;
    private final DtlsEndpoint endpoint;
    private final AuditTrail audit;

    DtlsConnectionsEndpoint(
            ConnectionRegistry connections, DtlsEndpoint endpoint, AuditTrail audit) {
        this.connections = connections;
        this.endpoint = endpoint;
        this.audit = audit;
    }

    @ReadOperation
    ConnectionsPage connections(
            @Nullable String device, @Nullable Integer page, @Nullable Integer size) {
        int pageNumber = Math.max(page == null ? 0 : page, 0);
        int pageSize =
                Math.min(Math.max(size == null ? DEFAULT_PAGE_SIZE : size, 1), MAX_PAGE_SIZE);
        List<LiveConnection> all = connections.list(device);
        List<ConnectionView> views =
                all.stream()
                        .skip((long) pageNumber * pageSize)
                        .limit(pageSize)
                        .map(LiveConnection::view)
                        .toList();
        return new ConnectionsPage(pageNumber, pageSize, all.size(), views);
    }

    @ReadOperation
    List<ConnectionView> deviceConnections(@Selector String deviceId) {
        return connections.list(deviceId).stream().map(LiveConnection::view).toList();
    }

    @DeleteOperation
    Ended endConnections(@Selector String deviceId) {
        int ended = endpoint.closeConnections(deviceId);
        audit.record("dtls.sessions.end", deviceId, Map.of("ended", ended));
        return new Ended(deviceId, ended);
    }

    /**
     * One page of live connections.
     *
     * @param page the page number, from 0
     * @param size connections per page at most
     * @param total live connections matching the filter
     * @param connections this page's connections
     */
    record ConnectionsPage(int page, int size, int total, List<ConnectionView> connections) {}

    /**
     * The answer to ending a device's connections.
     *
     * @param deviceId the device
     * @param ended how many connections were ended
     */
    record Ended(String deviceId, int ended) {}
}
