package io.dtlsingest.flow;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.stereotype.Component;

/**
 * Health contributor {@code pipeline}: UP while the writer keeps committing, DOWN once it has been
 * retrying a failed batch for longer than {@code ingest.pipeline.retrying-down-after}, so that a
 * load balancer stops sending devices to an instance that cannot store their readings.
 */
@Component("pipeline")
class PipelineHealthIndicator implements HealthIndicator {

    private final PipelineStatus status;
    private final QueueChannel accepted;
    private final PipelineProperties properties;

    PipelineHealthIndicator(
            PipelineStatus status,
            @Qualifier(IngestFlowConfiguration.ACCEPTED) QueueChannel accepted,
            PipelineProperties properties) {
        this.status = status;
        this.accepted = accepted;
        this.properties = properties;
    }

    @Override
    public Health health() {
        Instant now = Instant.now();
        Optional<Instant> retryingSince = status.retryingSince();
        boolean down =
                retryingSince
                        .map(since -> Duration.between(since, now))
                        .filter(retrying -> retrying.compareTo(properties.retryingDownAfter()) > 0)
                        .isPresent();

        Health.Builder health = down ? Health.down() : Health.up();
        health.withDetail("queueDepth", accepted.getQueueSize())
                .withDetail("queueCapacity", properties.queueCapacity())
                .withDetail("writer", retryingSince.isPresent() ? "retrying" : "writing");
        status.lastCommit()
                .ifPresent(
                        commit ->
                                health.withDetail(
                                        "lastCommitAgeMillis",
                                        Duration.between(commit, now).toMillis()));
        retryingSince.ifPresent(since -> health.withDetail("retryingSince", since.toString()));
        return health.build();
    }
}
