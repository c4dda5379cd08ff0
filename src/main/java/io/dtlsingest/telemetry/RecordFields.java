package io.dtlsingest.telemetry;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The fields of one SenML record, type-checked but not yet combined with the base fields of the
 * pack. Fields that are absent read as the defaults RFC 8428 section 4.5 gives them: empty name,
 * zero time, value and sum.
 */
final class RecordFields {

    private static final int VALUE_BITS = bitsOf(SenmlLabel.Role.VALUE);
    private static final int REGULAR_BITS = bitsOf(SenmlLabel.Role.REGULAR) | VALUE_BITS;

    private int present;
    private long version;
    private String baseName = "";
    private String name = "";
    private @Nullable String baseUnit;
    private @Nullable String unit;
    private double baseTime;
    private double time;
    private double baseValue;
    private double value;
    private double baseSum;
    private double sum;
    private @Nullable String stringValue;
    private boolean booleanValue;
    private byte @Nullable [] dataValue;

    private RecordFields() {}

    /**
     * Collects the fields of a record.
     *
     * @param where the detail prefix naming the record, for example "record 2: "
     */
    static RecordFields of(
            List<Member> members, SenmlDialect dialect, String where, DecodeLimits limits) {
        RecordFields fields = new RecordFields();
        for (Member member : members) {
            fields.take(member, dialect, where, limits);
        }
        return fields;
    }

    private void take(Member member, SenmlDialect dialect, String where, DecodeLimits limits) {
        SenmlLabel label = dialect.label(member.name());
        if (label == null) {
            checkIgnorable(member.name(), where);
            return;
        }
        if (has(label)) {
            throw DecodeRejection.invalid(where + label.jsonLabel() + " appears more than once");
        }
        present |= label.bit();

        String field = label.jsonLabel();
        int maxString = limits.maxStringLength();
        switch (label) {
            case BASE_VERSION -> version = FieldChecks.integer(member, field, where);
            case BASE_NAME -> baseName = FieldChecks.string(member, field, where);
            case BASE_TIME -> baseTime = FieldChecks.number(member, field, where);
            case BASE_UNIT -> baseUnit = FieldChecks.text(member, field, where, maxString);
            case BASE_VALUE -> baseValue = FieldChecks.number(member, field, where);
            case BASE_SUM -> baseSum = FieldChecks.number(member, field, where);
            case NAME -> name = FieldChecks.string(member, field, where);
            case UNIT -> unit = FieldChecks.text(member, field, where, maxString);
            case VALUE -> value = FieldChecks.number(member, field, where);
            case STRING_VALUE -> stringValue = FieldChecks.text(member, field, where, maxString);
            case BOOLEAN_VALUE -> booleanValue = FieldChecks.bool(member, field, where);
            case DATA_VALUE -> dataValue = limitedData(member, dialect, where, maxString);
            case SUM -> sum = FieldChecks.number(member, field, where);
            case TIME -> time = FieldChecks.number(member, field, where);
            // Accepted so that senders may use it, but nothing here tracks sensor liveness.
            case UPDATE_TIME -> FieldChecks.number(member, field, where);
            // Taken before the other fields, so that a rejection of this record can report it.
            case MESSAGE_ID -> {}
        }
    }

    /** Unknown labels are ignored unless they end in '_' (RFC 8428 section 4.4). */
    private static void checkIgnorable(String label, String where) {
        if (label.endsWith("_")) {
            throw DecodeRejection.invalid(
                    where + "unsupported mandatory field " + Details.plain(label));
        }
    }

    private static byte[] limitedData(
            Member member, SenmlDialect dialect, String where, int maxBytes) {
        byte[] data = dialect.dataValue(member, where);
        if (data.length > maxBytes) {
            throw DecodeRejection.limitExceeded(where + "vd is longer than " + maxBytes + " bytes");
        }
        return data;
    }

    private static int bitsOf(SenmlLabel.Role role) {
        int bits = 0;
        for (SenmlLabel label : SenmlLabel.values()) {
            if (label.role() == role) {
                bits |= label.bit();
            }
        }
        return bits;
    }

    boolean has(SenmlLabel label) {
        return (present & label.bit()) != 0;
    }

    /**
     * Whether the record only sets base fields (or the message id) for the records after it. Such
     * records carry no measurement; RFC 8428 section 5.1.7 starts a pack with one.
     */
    boolean isBaseOnly() {
        return present != 0 && (present & REGULAR_BITS) == 0;
    }

    /** How many of v, vs, vb and vd the record has. */
    int valueCount() {
        return Integer.bitCount(present & VALUE_BITS);
    }

    long version() {
        return version;
    }

    String baseName() {
        return baseName;
    }

    String name() {
        return name;
    }

    @Nullable String baseUnit() {
        return baseUnit;
    }

    @Nullable String unit() {
        return unit;
    }

    double baseTime() {
        return baseTime;
    }

    double time() {
        return time;
    }

    double baseValue() {
        return baseValue;
    }

    double value() {
        return value;
    }

    double baseSum() {
        return baseSum;
    }

    double sum() {
        return sum;
    }

    @Nullable String stringValue() {
        return stringValue;
    }

    boolean booleanValue() {
        return booleanValue;
    }

    byte @Nullable [] dataValue() {
        return dataValue;
    }
}
