package io.dtlsingest.flow;

import java.util.List;
import org.springframework.context.SmartLifecycle;

/**
 * Several batching endpoints that start and stop as one. Stopping asks all of them to stop first
 * and then waits for each, so they drain the queue they share side by side and the drain timeout is
 * spent once, not once per endpoint.
 */
final class EndpointGroup implements SmartLifecycle {

    private final List<BatchingEndpoint> endpoints;
    private final int phase;

    /** The endpoints, at least one, all with the same drain timeout. */
    EndpointGroup(List<BatchingEndpoint> endpoints, int phase) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("an endpoint group needs an endpoint");
        }
        this.endpoints = List.copyOf(endpoints);
        this.phase = phase;
    }

    @Override
    public void start() {
        endpoints.forEach(BatchingEndpoint::start);
    }

    @Override
    public void stop() {
        endpoints.forEach(BatchingEndpoint::requestStop);
        long deadline = System.nanoTime() + endpoints.get(0).drainTimeout().toNanos();
        for (BatchingEndpoint endpoint : endpoints) {
            endpoint.awaitDrained(deadline);
        }
    }

    @Override
    public boolean isRunning() {
        return endpoints.stream().anyMatch(BatchingEndpoint::isRunning);
    }

    @Override
    public int getPhase() {
        return phase;
    }
}
