package io.dtlsingest.telemetry;

import org.jspecify.annotations.Nullable;

/**
 * The base fields in force while reading a pack (RFC 8428 section 4.1): each applies to the record
 * it appears in and to all later records of the pack until another record overrides it. A new pack
 * (a new JSON document) starts from scratch.
 */
final class BaseFields {

    private String name = "";
    private double time;
    private @Nullable String unit;
    private double value;
    private boolean hasSum;
    private double sum;

    /** Takes over the base fields a record sets. */
    void update(RecordFields record) {
        if (record.has(SenmlLabel.BASE_NAME)) {
            name = record.baseName();
        }
        if (record.has(SenmlLabel.BASE_TIME)) {
            time = record.baseTime();
        }
        if (record.has(SenmlLabel.BASE_UNIT)) {
            unit = record.baseUnit();
        }
        if (record.has(SenmlLabel.BASE_VALUE)) {
            value = record.baseValue();
        }
        if (record.has(SenmlLabel.BASE_SUM)) {
            hasSum = true;
            sum = record.baseSum();
        }
    }

    String name() {
        return name;
    }

    double time() {
        return time;
    }

    @Nullable String unit() {
        return unit;
    }

    double value() {
        return value;
    }

    /** Whether a base sum is in force; without one, only records with "s" have a sum. */
    boolean hasSum() {
        return hasSum;
    }

    double sum() {
        return sum;
    }
}
