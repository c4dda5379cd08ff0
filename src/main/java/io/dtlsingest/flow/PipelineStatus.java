package io.dtlsingest.flow;

import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * How the writer is doing, for the health endpoint: when it last committed, and since when it has
 * been retrying a batch the database failed. Written by the writer thread, read by anyone.
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
