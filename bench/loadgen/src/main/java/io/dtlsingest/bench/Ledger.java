package io.dtlsingest.bench;

import java.util.BitSet;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the load generator sent and what the service acknowledged, per device. Message ids count up
 * per device over the whole run, whatever the session, and every reading carries its message id as
 * its value, so that the database can be checked row by row at the end: each acknowledged id must
 * be there exactly once.
 */
final class Ledger {

    private final AtomicLongArray lastMid;
    private final BitSet[] acknowledged;

    Ledger(int devices) {
        lastMid = new AtomicLongArray(devices);
        acknowledged = new BitSet[devices];
        for (int i = 0; i < devices; i++) {
            acknowledged[i] = new BitSet();
        }
    }

    /** A fresh message id for the device; ids start at 1. */
    long nextMid(int device) {
        return lastMid.incrementAndGet(device);
    }

    /** Records that the service answered "ok" for the device's message id. */
    void acknowledged(int device, long mid) {
        BitSet set = acknowledged[device];
        synchronized (set) {
            set.set((int) mid);
        }
    }

    boolean isAcknowledged(int device, long mid) {
        BitSet set = acknowledged[device];
        synchronized (set) {
            return mid <= Integer.MAX_VALUE && set.get((int) mid);
        }
    }

    long acknowledgedCount() {
        long count = 0;
        for (BitSet set : acknowledged) {
            synchronized (set) {
                count += set.cardinality();
            }
        }
        return count;
    }

    int devices() {
        return acknowledged.length;
    }
}
