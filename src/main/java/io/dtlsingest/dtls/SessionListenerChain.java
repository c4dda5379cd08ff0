package io.dtlsingest.dtls;

import java.util.List;
import org.eclipse.californium.scandium.dtls.DTLSContext;
import org.eclipse.californium.scandium.dtls.HandshakeException;
import org.eclipse.californium.scandium.dtls.Handshaker;
import org.eclipse.californium.scandium.dtls.SessionListener;

/**
 * Passes each handshake event to several listeners in order, since Scandium's configuration takes
 * one. A listener that refuses a handshake by throwing stops the chain; Scandium then reports the
 * failure to all of them.
 */
final class SessionListenerChain implements SessionListener {

    private final List<SessionListener> listeners;

    SessionListenerChain(SessionListener... listeners) {
        this.listeners = List.of(listeners);
    }

    @Override
    public void handshakeStarted(Handshaker handshaker) throws HandshakeException {
        for (SessionListener listener : listeners) {
            listener.handshakeStarted(handshaker);
        }
    }

    @Override
    public void contextEstablished(Handshaker handshaker, DTLSContext context)
            throws HandshakeException {
        for (SessionListener listener : listeners) {
            listener.contextEstablished(handshaker, context);
        }
    }

    @Override
    public void handshakeCompleted(Handshaker handshaker) {
        for (SessionListener listener : listeners) {
            listener.handshakeCompleted(handshaker);
        }
    }

    @Override
    public void handshakeFailed(Handshaker handshaker, Throwable error) {
        for (SessionListener listener : listeners) {
            listener.handshakeFailed(handshaker, error);
        }
    }

    @Override
    public void handshakeFlightRetransmitted(Handshaker handshaker, int flight) {
        for (SessionListener listener : listeners) {
            listener.handshakeFlightRetransmitted(handshaker, flight);
        }
    }
}
