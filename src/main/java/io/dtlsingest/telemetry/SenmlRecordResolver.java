package io.dtlsingest.telemetry;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Resolves one SenML record into a reading (RFC 8428 section 4.6): applies the base fields, checks
 * the name, turns the time into an instant and picks the value. Stateless.
 */
final class SenmlRecordResolver {

    /** The SenML version this decoder implements (RFC 8428 section 4.4). */
    private static final long SUPPORTED_VERSION = 10;

    /**
     * Resolves a record and updates the base fields with those it sets.
     *
     * @param index the 1-based index of the record in the datagram, for details
     * @return the reading, or null for a record that only sets base fields
     */
    @Nullable Reading resolve(
            List<Member> members,
            SenmlDialect dialect,
            BaseFields base,
            int index,
            DecodeSession session) {
        String where = "record " + index + ": ";
        takeMessageId(members, dialect, where, session);

        RecordFields fields = RecordFields.of(members, dialect, where, session.limits());
        checkVersion(fields, where);
        base.update(fields);
        if (fields.isBaseOnly()) {
            return null;
        }

        checkValueCount(fields, where);
        return new Reading(
                name(fields, base, where, session.limits()),
                time(fields, base, where, session.receivedAt()),
                value(fields, base, where),
                sum(fields, base, where),
                fields.has(SenmlLabel.UNIT) ? fields.unit() : base.unit());
    }

    /** Taken first, so that a rejection of the record's other fields still reports the id. */
    private static void takeMessageId(
            List<Member> members, SenmlDialect dialect, String where, DecodeSession session) {
        for (Member member : members) {
            if (dialect.label(member.name()) == SenmlLabel.MESSAGE_ID) {
                session.noteMessageId(MessageIds.parse(member, where));
            }
        }
    }

    /** A newer version may change meanings, so its records must not be used (section 4.4). */
    private static void checkVersion(RecordFields fields, String where) {
        if (!fields.has(SenmlLabel.BASE_VERSION)) {
            return;
        }
        long version = fields.version();
        if (version > SUPPORTED_VERSION) {
            String problem = " is not supported (at most " + SUPPORTED_VERSION + ")";
            throw DecodeRejection.invalid(where + "bver " + version + problem);
        }
        if (version < 1) {
            throw DecodeRejection.invalid(where + "bver must be a positive integer");
        }
    }

    /** Exactly one value, or none when there is a sum (RFC 8428 section 4.2). */
    private static void checkValueCount(RecordFields fields, String where) {
        int values = fields.valueCount();
        if (values > 1) {
            throw DecodeRejection.invalid(where + "has more than one value");
        }
        if (values == 0 && !fields.has(SenmlLabel.SUM)) {
            throw DecodeRejection.invalid(where + "has no value or sum");
        }
    }

    /** Base name and name concatenated, then checked (RFC 8428 section 4.5.1). */
    private static String name(
            RecordFields fields, BaseFields base, String where, DecodeLimits limits) {
        String name = base.name().concat(fields.name());
        String problem = SenmlNames.problem(name, limits.maxNameLength());
        if (problem != null) {
            throw DecodeRejection.invalid(where + "name " + Details.quote(name) + " " + problem);
        }
        return name;
    }

    /** Base time plus time, absolute or relative to reception (RFC 8428 section 4.5.3). */
    private static Instant time(
            RecordFields fields, BaseFields base, String where, Instant receivedAt) {
        Instant time = SenmlTime.resolve(base.time(), fields.time(), receivedAt);
        if (time == null) {
            throw DecodeRejection.invalid(where + "time is out of range");
        }
        return time;
    }

    /** The base value only applies to numeric values (RFC 8428 section 4.5.4). */
    private static @Nullable ReadingValue value(
            RecordFields fields, BaseFields base, String where) {
        if (fields.has(SenmlLabel.VALUE)) {
            return new ReadingValue.Numeric(finite(base.value() + fields.value(), "v", where));
        }
        if (fields.has(SenmlLabel.STRING_VALUE)) {
            return new ReadingValue.Text(requirePresent(fields.stringValue()));
        }
        if (fields.has(SenmlLabel.BOOLEAN_VALUE)) {
            return new ReadingValue.Bool(fields.booleanValue());
        }
        if (fields.has(SenmlLabel.DATA_VALUE)) {
            return new ReadingValue.Data(requirePresent(fields.dataValue()));
        }
        return null;
    }

    /** A missing sum or base sum counts as zero, if the other is present (section 4.5.4). */
    private static @Nullable Double sum(RecordFields fields, BaseFields base, String where) {
        if (!fields.has(SenmlLabel.SUM) && !base.hasSum()) {
            return null;
        }
        return finite(base.sum() + fields.sum(), "s", where);
    }

    /** Two finite numbers can still add up to infinity. */
    private static double finite(double number, String field, String where) {
        if (!Double.isFinite(number)) {
            throw DecodeRejection.invalid(where + field + " plus its base overflows a double");
        }
        return number;
    }

    private static <T> T requirePresent(@Nullable T value) {
        if (value == null) {
            throw new IllegalStateException("a field marked present has no value");
        }
        return value;
    }
}
