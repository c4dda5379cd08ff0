package io.dtlsingest.device;

import io.dtlsingest.dtls.DtlsEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Conditional;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Applies the configured devices file at start and again whenever its content or a key file it
 * refers to changes. Changes are found by hashing the files at every check rather than by file
 * system events, which miss the symbolic link swap of a Kubernetes ConfigMap or Secret mount and
 * the rename of an editor's save. A change is applied once two checks in a row find it, so one
 * check interval after it was made.
 */
@Component
@Conditional(DevicesFileConfigured.class)
class DevicesFileWatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DevicesFileWatcher.class);

    private final DevicesFileSync sync;
    private final TaskScheduler scheduler;
    private final Path file;
    private final Duration interval;
    private volatile @Nullable ScheduledFuture<?> checks;
    private volatile @Nullable String pending;

    DevicesFileWatcher(
            DevicesFileSync sync, TaskScheduler scheduler, DevicesFileProperties properties) {
        this.sync = sync;
        this.scheduler = scheduler;
        this.file = Objects.requireNonNull(properties.file());
        this.interval = properties.fileCheckInterval();
    }

    /**
     * @throws IllegalStateException when the configured file does not exist, which is a wrong path
     *     or a missing mount rather than a fleet without devices
     */
    @Override
    public void start() {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(
                    "ingest.devices.file (INGEST_DEVICES_FILE) names "
                            + file.toAbsolutePath()
                            + ", which is not an existing file; fix the path or mount the file,"
                            + " or unset it to provision devices through the API only");
        }
        sync.sync(file);
        checks =
                scheduler.scheduleWithFixedDelay(
                        this::check, Instant.now().plus(interval), interval);
        log.info("Checking the devices file {} for changes every {}", file, interval);
    }

    /**
     * Applies a change once two checks in a row found the same content, so that a file still being
     * written in place, rather than replaced at once, is not applied half way: the devices missing
     * from a half-written file would be disabled.
     */
    void check() {
        try {
            String current = sync.fingerprint(file);
            Optional<DevicesFileResult> last = sync.lastResult();
            if (last.isPresent() && current.equals(last.get().fingerprint())) {
                pending = null;
                return;
            }
            if (last.isPresent() && !current.equals(pending)) {
                pending = current;
                return;
            }
            pending = null;
            sync.sync(file);
        } catch (RuntimeException e) {
            // Thrown out of here, it would end the periodic checks for good.
            log.warn("Could not check the devices file {}", file, e);
        }
    }

    @Override
    public void stop() {
        ScheduledFuture<?> running = checks;
        checks = null;
        if (running != null) {
            running.cancel(false);
        }
    }

    @Override
    public boolean isRunning() {
        return checks != null;
    }

    /**
     * After the DTLS endpoint, which restores the sessions saved at the last stop when it opens, so
     * that a credential the file replaced, or a device it disabled, while the service was down ends
     * those sessions too.
     */
    @Override
    public int getPhase() {
        return DtlsEndpoint.PHASE + 100;
    }
}
