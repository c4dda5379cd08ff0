package io.dtlsingest.flow;

import io.dtlsingest.dtls.DtlsEndpoint;
import io.dtlsingest.dtls.DtlsHeaders;
import io.dtlsingest.telemetry.Reply;
import io.dtlsingest.telemetry.ReplyEncoder;
import org.eclipse.californium.elements.EndpointContext;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandler;

/**
 * Sends each reply on the DTLS session its datagram came in on, and counts the datagram's outcome:
 * every datagram passes here exactly once.
 */
final class ReplySender implements MessageHandler {

    private final DtlsEndpoint endpoint;
    private final ReplyEncoder encoder;
    private final IngestMetrics metrics;

    ReplySender(DtlsEndpoint endpoint, ReplyEncoder encoder, IngestMetrics metrics) {
        this.endpoint = endpoint;
        this.encoder = encoder;
        this.metrics = metrics;
    }

    @Override
    public void handleMessage(Message<?> message) {
        Reply reply = (Reply) message.getPayload();
        EndpointContext context =
                message.getHeaders().get(DtlsHeaders.ENDPOINT_CONTEXT, EndpointContext.class);
        String sessionId = message.getHeaders().get(DtlsHeaders.SESSION_ID, String.class);
        endpoint.reply(context, sessionId, encoder.encode(reply));
        metrics.replied(reply.code(), reply.duplicate());
    }
}
