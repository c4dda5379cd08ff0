package io.dtlsingest.flow;

import io.dtlsingest.store.ReceivedDatagram;
import io.dtlsingest.telemetry.Decoded;
import io.dtlsingest.telemetry.Reply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;

/**
 * The error path for datagrams that did not decode: answers the device at once with the precise
 * reason, and queues the rejection to be recorded in the background. A rejection is final whatever
 * the database says, so its reply does not wait for the record.
 */
final class RejectionStep {

    private static final Logger warnings = LoggerFactory.getLogger("io.dtlsingest.rejections");

    private final MessageChannel recordQueue;
    private final IngestMetrics metrics;
    private final RateLimitedLog rateLimitedLog = new RateLimitedLog();

    RejectionStep(MessageChannel recordQueue, IngestMetrics metrics) {
        this.recordQueue = recordQueue;
        this.metrics = metrics;
    }

    Reply reject(Message<?> message) {
        ReceivedDatagram datagram = (ReceivedDatagram) message.getPayload();
        Decoded.Rejected rejected = (Decoded.Rejected) datagram.decoded();
        if (!recordQueue.send(message, 0)) {
            metrics.rejectionUnrecorded();
        }
        if (rateLimitedLog.allow(datagram.deviceId())) {
            warnings.warn(
                    "Rejected a datagram of device {} from {}: {} ({})",
                    datagram.deviceId(),
                    message.getHeaders().get(IpHeaders.PACKET_ADDRESS),
                    rejected.rejection().code().wireName(),
                    rejected.rejection().detail());
        }
        return Reply.rejected(rejected.encoding(), rejected.messageId(), rejected.rejection());
    }
}
