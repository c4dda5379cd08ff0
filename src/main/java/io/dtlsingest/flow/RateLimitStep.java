package io.dtlsingest.flow;

import io.dtlsingest.store.ReceivedDatagram;
import io.dtlsingest.telemetry.Decoded;
import io.dtlsingest.telemetry.Reply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.messaging.MessageHeaders;

/**
 * Holds each device to its rate limits once its datagram is decoded, when the number of readings is
 * known. Every datagram counts against the datagram limit, a rejected one too; an accepted one also
 * counts its readings. A datagram over a limit is answered {@code rate_limited} at once and goes no
 * further: it is neither stored nor recorded as a rejection, so that a flooding device cannot crowd
 * out the records of others.
 */
final class RateLimitStep {

    private static final Logger warnings = LoggerFactory.getLogger("io.dtlsingest.rejections");

    private final DeviceRateLimits limits;
    private final RateLimitedLog rateLimitedLog = new RateLimitedLog();

    RateLimitStep(DeviceRateLimits limits) {
        this.limits = limits;
    }

    /** The decoded datagram when the device is within its limits, else the reply to send. */
    Object apply(ReceivedDatagram datagram, MessageHeaders headers) {
        Decoded decoded = datagram.decoded();
        int readings =
                decoded instanceof Decoded.Accepted accepted ? accepted.readings().size() : 0;

        DeviceRateLimits.Verdict verdict = limits.take(datagram.deviceId(), readings);
        if (verdict.isAllowed()) {
            return datagram;
        }

        if (rateLimitedLog.allow(datagram.deviceId())) {
            warnings.warn(
                    "Rate-limited device {} from {}: {}",
                    datagram.deviceId(),
                    headers.get(IpHeaders.PACKET_ADDRESS),
                    verdict.detail());
        }
        return Reply.rateLimited(
                decoded.encoding(),
                decoded.messageId(),
                verdict.detail(),
                verdict.retryAfterMillis());
    }
}
