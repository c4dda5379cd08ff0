package io.dtlsingest.store;

/**
 * What storing one accepted datagram did.
 *
 * @param stored readings this datagram added; 0 for a duplicate
 * @param duplicate true when the datagram's message id was already stored in its session, so this
 *     one is a retransmission and was not stored again
 */
public record StoreResult(int stored, boolean duplicate) {}
