package io.dtlsingest.store;

import io.dtlsingest.telemetry.Decoded;
import java.time.Instant;

/**
 * One datagram after decoding, with what storing it needs to know about where it came from.
 *
 * @param deviceId the device the DTLS session authenticated
 * @param sessionId the DTLS session id in hex; message ids are unique per session
 * @param receivedAt when the record reached the application
 * @param decoded the readings, or why the datagram was rejected
 * @param payload the datagram as received, kept for the record of a rejection
 */
public record ReceivedDatagram(
        String deviceId, String sessionId, Instant receivedAt, Decoded decoded, byte[] payload) {

    /** Whether the datagram decoded into readings. */
    public boolean accepted() {
        return decoded instanceof Decoded.Accepted;
    }
}
