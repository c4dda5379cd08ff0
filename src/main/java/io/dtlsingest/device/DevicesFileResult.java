package io.dtlsingest.device;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What one check of the devices file did.
 *
 * @param file the devices file
 * @param checkedAt when the check ran
 * @param state whether the file was applied
 * @param created devices registered from the file
 * @param updated devices whose credential or enabled flag the file changed
 * @param disabled devices owned by the file that disappeared from it and were disabled
 * @param unchanged entries that matched their device already
 * @param invalid entries that could not be applied
 * @param errors what was wrong, one line each: the first {@value #MAX_ERRORS}, then one saying that
 *     more were left out
 * @param fingerprint digest of the content applied or found unusable, to tell a change of the file;
 *     null after a database failure, so that the next check tries again
 */
public record DevicesFileResult(
        Path file,
        Instant checkedAt,
        State state,
        int created,
        int updated,
        int disabled,
        int unchanged,
        int invalid,
        List<String> errors,
        @Nullable String fingerprint) {

    static final int MAX_ERRORS = 100;

    /** Outcome of a check. */
    public enum State {
        /** The file was read and its valid entries applied. */
        APPLIED,
        /** The file could not be read or is not a usable devices file; nothing changed. */
        UNREADABLE,
        /** The database failed while applying; what was applied stays, the next check retries. */
        FAILED
    }

    static DevicesFileResult unusable(
            Path file, State state, String error, @Nullable String fingerprint) {
        return new DevicesFileResult(
                file, Instant.now(), state, 0, 0, 0, 0, 0, List.of(error), fingerprint);
    }
}
