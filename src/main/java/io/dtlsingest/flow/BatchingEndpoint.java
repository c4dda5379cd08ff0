package io.dtlsingest.flow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.messaging.Message;
import org.springframework.messaging.PollableChannel;

/**
 * Consumes a pollable channel in batches on one thread of its own: a batch closes when it holds
 * {@code batchSize} messages or when its first message has waited {@code flushInterval}. On stop it
 * drains what is still queued before its thread ends.
 *
 * <p>Several endpoints may consume one channel, each on its own thread; the handler then runs on
 * all their threads at once. Stopping waits for the drain at most {@code drainTimeout}, then
 * interrupts the handler, whose unstored datagrams are then left unanswered for their devices to
 * retransmit.
 */
final class BatchingEndpoint implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BatchingEndpoint.class);
    private static final long IDLE_POLL_MILLIS = 100;

    private final String name;
    private final PollableChannel input;
    private final int batchSize;
    private final long flushNanos;
    private final Consumer<List<Message<?>>> handler;
    private final int phase;
    private final Duration drainTimeout;
    private volatile boolean running;
    private volatile Thread thread;

    BatchingEndpoint(
            String name,
            PollableChannel input,
            int batchSize,
            Duration flushInterval,
            Consumer<List<Message<?>>> handler,
            int phase,
            Duration drainTimeout) {
        this.name = name;
        this.input = input;
        this.batchSize = batchSize;
        this.flushNanos = flushInterval.toNanos();
        this.handler = handler;
        this.phase = phase;
        this.drainTimeout = drainTimeout;
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::consume, name);
        thread.start();
    }

    @Override
    public void stop() {
        requestStop();
        awaitDrained(System.nanoTime() + drainTimeout.toNanos());
    }

    /** Tells the consumer to drain the channel and end, without waiting for it. */
    void requestStop() {
        running = false;
    }

    /**
     * Waits for the consumer to end until {@code deadlineNanos} ({@link System#nanoTime()}); if it
     * is still draining then, interrupts it and waits up to the drain timeout once more.
     */
    void awaitDrained(long deadlineNanos) {
        Thread consumer = thread;
        if (consumer == null) {
            return;
        }
        try {
            consumer.join(Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000));
            if (consumer.isAlive()) {
                log.warn("{} did not drain within {}; interrupting it", name, drainTimeout);
                consumer.interrupt();
                consumer.join(drainTimeout.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Duration drainTimeout() {
        return drainTimeout;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return phase;
    }

    private void consume() {
        while (running) {
            Message<?> first = input.receive(IDLE_POLL_MILLIS);
            if (first != null) {
                handle(collectBatch(first));
            }
        }
        drain();
    }

    private List<Message<?>> collectBatch(Message<?> first) {
        List<Message<?>> batch = new ArrayList<>(batchSize);
        batch.add(first);
        long deadline = System.nanoTime() + flushNanos;
        while (batch.size() < batchSize) {
            long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
            Message<?> next = input.receive(Math.max(remainingMillis, 0));
            if (next == null) {
                break;
            }
            batch.add(next);
        }
        return batch;
    }

    private void drain() {
        int drained = 0;
        Message<?> next;
        List<Message<?>> batch = new ArrayList<>(batchSize);
        while ((next = input.receive(0)) != null) {
            batch.add(next);
            if (batch.size() == batchSize) {
                drained += batch.size();
                handle(batch);
                batch = new ArrayList<>(batchSize);
            }
        }
        if (!batch.isEmpty()) {
            drained += batch.size();
            handle(batch);
        }
        log.info("{} stopped after draining {} queued datagrams", name, drained);
    }

    private void handle(List<Message<?>> batch) {
        try {
            handler.accept(batch);
        } catch (RuntimeException e) {
            // A handler reports its own failures; this only keeps the consumer alive.
            log.error("{} failed on a batch of {}", name, batch.size(), e);
        }
    }
}
