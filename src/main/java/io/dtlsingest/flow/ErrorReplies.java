package io.dtlsingest.flow;

import io.dtlsingest.dtls.DtlsHeaders;
import io.dtlsingest.store.ReceivedDatagram;
import io.dtlsingest.telemetry.Decoded;
import io.dtlsingest.telemetry.Encoding;
import io.dtlsingest.telemetry.Rejection;
import io.dtlsingest.telemetry.Reply;
import io.dtlsingest.telemetry.ReplyCode;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.support.ErrorMessage;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Turns a failure inside the receiving flow into a reply: "busy" when the store queue was full,
 * "internal" for anything else. The datagram is not stored in either case; the device may
 * retransmit it.
 */
final class ErrorReplies {

    private static final Logger log = LoggerFactory.getLogger(ErrorReplies.class);

    /** The reply to send, or null when the failed message cannot be answered. */
    Message<Reply> toReply(ErrorMessage error) {
        if (!(error.getPayload() instanceof MessagingException failure)
                || failure.getFailedMessage() == null) {
            log.error("Failure without the message it failed on", error.getPayload());
            return null;
        }
        Message<?> failed = failure.getFailedMessage();
        Object context = failed.getHeaders().get(DtlsHeaders.ENDPOINT_CONTEXT);
        if (context == null) {
            log.error("Failure on a message without a DTLS session", failure);
            return null;
        }

        boolean queueFull = isQueueFull(failure);
        if (!queueFull) {
            log.error(
                    "Unexpected failure on a datagram of device {}",
                    failed.getHeaders().get(DtlsHeaders.DEVICE_ID),
                    failure);
        }
        Reply reply = replyFor(failed.getPayload(), queueFull);
        return MessageBuilder.withPayload(reply)
                .setHeader(DtlsHeaders.DEVICE_ID, failed.getHeaders().get(DtlsHeaders.DEVICE_ID))
                .setHeader(DtlsHeaders.SESSION_ID, failed.getHeaders().get(DtlsHeaders.SESSION_ID))
                .setHeader(DtlsHeaders.ENDPOINT_CONTEXT, context)
                .build();
    }

    private static boolean isQueueFull(MessagingException failure) {
        return failure instanceof MessageDeliveryException
                || failure.getCause() instanceof MessageDeliveryException;
    }

    private static Reply replyFor(Object payload, boolean queueFull) {
        Encoding encoding = Encoding.JSON;
        OptionalLong messageId = OptionalLong.empty();
        if (payload instanceof ReceivedDatagram datagram) {
            Decoded decoded = datagram.decoded();
            encoding = decoded.encoding();
            messageId = decoded.messageId();
        } else if (payload instanceof byte[] raw && raw.length > 0 && isCbor(raw[0])) {
            encoding = Encoding.CBOR;
        }
        if (queueFull) {
            return Reply.busy(encoding, messageId);
        }
        return Reply.rejected(
                encoding, messageId, new Rejection(ReplyCode.INTERNAL, "internal error"));
    }

    /** CBOR arrays and maps start with major type 4 or 5, which no JSON document does. */
    private static boolean isCbor(byte first) {
        int majorType = (first & 0xff) >> 5;
        return majorType == 4 || majorType == 5;
    }
}
