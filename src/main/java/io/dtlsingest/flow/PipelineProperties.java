package io.dtlsingest.flow;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the pipeline between the DTLS endpoint and the database.
 *
 * @param queueCapacity accepted datagrams waiting to be stored at most; a datagram arriving when
 *     the queue is full is answered "busy"
 * @param writers threads storing batches from the queue, each on a database connection of its own.
 *     One commits while the next batch fills; more let a batch be written while another commits,
 *     which shortens the time from receiving a datagram to its reply
 * @param batchSize datagrams stored in one transaction at most
 * @param flushInterval how long the first datagram of a batch waits for others at most. Short by
 *     default: datagrams that queue up while a batch commits join the next batch without waiting,
 *     so batches grow with the load anyway, and a long wait only delays every "ok" at light load
 * @param rejectionQueueCapacity rejected datagrams waiting to be recorded at most; beyond it a
 *     rejection is still answered but not recorded, and counted
 * @param retryInitialBackoff first pause after the database failed a batch
 * @param retryMaxBackoff longest pause between retries; pauses double up to it
 * @param drainTimeout how long stopping waits for queued datagrams to be stored and answered
 * @param retryingDownAfter how long the writer may retry a failed batch before the pipeline reports
 *     itself DOWN
 */
@Validated
@ConfigurationProperties("ingest.pipeline")
public record PipelineProperties(
        @DefaultValue("10000") @Min(1) int queueCapacity,
        @DefaultValue("2") @Min(1) @Max(16) int writers,
        @DefaultValue("500") @Min(1) @Max(10000) int batchSize,
        @DefaultValue("5ms") @DurationMin(millis = 1) @DurationMax(seconds = 10)
                Duration flushInterval,
        @DefaultValue("1000") @Min(1) int rejectionQueueCapacity,
        @DefaultValue("100ms") @DurationMin(millis = 1) Duration retryInitialBackoff,
        @DefaultValue("5s") @DurationMin(millis = 1) Duration retryMaxBackoff,
        @DefaultValue("20s") @DurationMin(millis = 1) Duration drainTimeout,
        @DefaultValue("30s") @DurationMin(millis = 1) Duration retryingDownAfter) {}
