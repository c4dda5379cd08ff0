package io.dtlsingest.flow;

import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * How the writers are doing, for the health endpoint: when one last committed, and since when they
 * have been retrying batches the database failed. A commit by any writer shows the database working
 * and ends the retrying state. Written by the writer threads, read by anyone.
 */
@Component
public class PipelineStatus {

    private volatile @Nullable Instant lastCommit;
    private volatile @Nullable Instant retryingSince;

    void committed() {
        lastCommit = Instant.now();
        retryingSince = null;
    }

    void failed() {
        if (retryingSince == null) {
            retryingSince = Instant.now();
        }
    }

    /** When the last batch was committed; empty before the first. */
    public Optional<Instant> lastCommit() {
        return Optional.ofNullable(lastCommit);
    }

    /** Since when the writer has been retrying; empty while it is not. */
    public Optional<Instant> retryingSince() {
        return Optional.ofNullable(retryingSince);
    }
}
