package io.dtlsingest.flow;

import org.jspecify.annotations.Nullable;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.messaging.Message;

/**
 * A bounded queue channel for the batching writers that hands out messages without Spring
 * Integration's per-message "postReceive" debug line. Spring Integration 7.0 passes that line to
 * commons-logging unconditionally, and commons-logging's SLF4J bridge renders it (the message with
 * its headers and readings) before the logging backend finds debug disabled: a benchmark profile
 * showed about a third of the writer thread's time spent formatting it. The writers use no channel
 * interceptors, which is all the bypassed code would add.
 */
final class BatchQueueChannel extends QueueChannel {

    BatchQueueChannel(int capacity) {
        super(capacity);
    }

    @Override
    public @Nullable Message<?> receive(long timeout) {
        return doReceive(timeout);
    }

    @Override
    public @Nullable Message<?> receive() {
        return doReceive(-1);
    }
}
