package io.dtlsingest.flow;

import io.dtlsingest.dtls.DtlsHeaders;
import io.dtlsingest.store.ReceivedDatagram;
import io.dtlsingest.telemetry.PayloadDecoder;
import java.time.Instant;
import org.springframework.messaging.MessageHeaders;

/** Decodes the payload of a received record; runs on the DTLS thread that received it. */
final class DecodeStep {

    private final PayloadDecoder decoder;

    DecodeStep(PayloadDecoder decoder) {
        this.decoder = decoder;
    }

    ReceivedDatagram decode(byte[] payload, MessageHeaders headers) {
        Instant receivedAt = headers.get(DtlsHeaders.RECEIVED_AT, Instant.class);
        return new ReceivedDatagram(
                headers.get(DtlsHeaders.DEVICE_ID, String.class),
                headers.get(DtlsHeaders.SESSION_ID, String.class),
                receivedAt,
                decoder.decode(payload, receivedAt),
                payload);
    }
}
