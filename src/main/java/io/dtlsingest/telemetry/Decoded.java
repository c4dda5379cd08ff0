package io.dtlsingest.telemetry;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/** The result of decoding one datagram: either its readings or the reason it was rejected. */
public sealed interface Decoded {

    /** The encoding replies to this datagram must use. */
    Encoding encoding();

    /**
     * The message id the device put into the datagram, if any. A rejected datagram reports the id
     * when it was read before the problem was found.
     */
    OptionalLong messageId();

    /**
     * A datagram whose readings can be stored.
     *
     * @param readings at least one reading, in datagram order
     */
    record Accepted(Encoding encoding, OptionalLong messageId, List<Reading> readings)
            implements Decoded {

        /** Checks the components and makes the list unmodifiable. */
        public Accepted {
            Objects.requireNonNull(encoding, "encoding");
            Objects.requireNonNull(messageId, "messageId");
            readings = List.copyOf(readings);
        }
    }

    /** A datagram that must not be stored, and why. */
    record Rejected(Encoding encoding, OptionalLong messageId, Rejection rejection)
            implements Decoded {

        /** Checks the components. */
        public Rejected {
            Objects.requireNonNull(encoding, "encoding");
            Objects.requireNonNull(messageId, "messageId");
            Objects.requireNonNull(rejection, "rejection");
        }
    }
}
