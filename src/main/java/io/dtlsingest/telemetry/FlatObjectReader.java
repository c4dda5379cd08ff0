package io.dtlsingest.telemetry;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Resolves the flat form, {@code {"temperature":21.5,"door":"open","armed":true}}: one reading per
 * member, named after the member. Members starting with '@' are reserved: a sensor name can never
 * start with '@' (RFC 8428 section 4.5.1), so they cannot clash with readings.
 *
 * <ul>
 *   <li>{@code @t}: time of all readings of the object, seconds as in SenML (RFC 8428 section
 *       4.5.3) or an RFC 3339 date-time; reception time when absent.
 *   <li>{@code @mid}: the message id.
 * </ul>
 */
final class FlatObjectReader {

    private static final String TIME = "@t";
    private static final String MESSAGE_ID = "@mid";

    /** Adds the readings of one flat object to the session. */
    void read(List<Member> members, DecodeSession session) {
        takeMessageId(members, session);
        checkUniqueNames(members);
        Instant time = time(members, session);

        int readings = 0;
        for (Member member : members) {
            if (!isReserved(member)) {
                session.nextRecordIndex();
                session.addReading(reading(member, time, session.limits()));
                readings++;
            }
        }

        if (readings == 0) {
            throw DecodeRejection.invalid("object has no readings");
        }
    }

    /** Taken first, so that a rejection of the object's other members still reports the id. */
    private static void takeMessageId(List<Member> members, DecodeSession session) {
        for (Member member : members) {
            if (member.name().equals(MESSAGE_ID)) {
                session.noteMessageId(MessageIds.parse(member, ""));
            }
        }
    }

    /** Two readings of one sensor at one time would contradict each other. */
    private static void checkUniqueNames(List<Member> members) {
        Set<String> names = new HashSet<>();
        for (Member member : members) {
            if (!names.add(member.name())) {
                throw DecodeRejection.invalid(
                        "member " + Details.quote(member.name()) + " appears more than once");
            }
        }
    }

    /** The time from "@t", after rejecting any reserved member this decoder does not know. */
    private static Instant time(List<Member> members, DecodeSession session) {
        Instant time = session.defaultTime();
        for (Member member : members) {
            if (!isReserved(member) || member.name().equals(MESSAGE_ID)) {
                continue;
            }
            if (!member.name().equals(TIME)) {
                throw DecodeRejection.invalid(
                        "unknown reserved member " + Details.plain(member.name()));
            }
            time = parseTime(member, session.receivedAt());
        }
        return time;
    }

    private static Instant parseTime(Member member, Instant receivedAt) {
        if (member.isNumber()) {
            Instant time = SenmlTime.resolve(0, member.number(), receivedAt);
            if (time == null) {
                throw DecodeRejection.invalid(TIME + " is out of range");
            }
            return time;
        }
        if (member.kind() == Member.Kind.STRING) {
            return parseDateTime(member.text());
        }
        throw FieldChecks.wrongType(TIME, member, "", "a number or an RFC 3339 date-time");
    }

    private static Instant parseDateTime(String text) {
        Instant time;
        try {
            time = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw DecodeRejection.invalid(
                    TIME + " " + Details.quote(text) + " is not an RFC 3339 date-time");
        }
        if (!SenmlTime.inRange(time)) {
            throw DecodeRejection.invalid(TIME + " is out of range");
        }
        return time.truncatedTo(ChronoUnit.MICROS);
    }

    private static Reading reading(Member member, Instant time, DecodeLimits limits) {
        String name = member.name();
        String where = "member " + Details.quote(name);
        String problem = SenmlNames.problem(name, limits.maxNameLength());
        if (problem != null) {
            throw DecodeRejection.invalid(where + " " + problem);
        }
        return new Reading(name, time, value(member, where, limits), null, null);
    }

    private static ReadingValue value(Member member, String where, DecodeLimits limits) {
        // The field name is already part of "where"; details read: member "x" must be ...
        return switch (member.kind()) {
            case INTEGER, NUMBER -> new ReadingValue.Numeric(FieldChecks.number(member, "", where));
            case STRING ->
                    new ReadingValue.Text(
                            FieldChecks.text(member, "", where, limits.maxStringLength()));
            case BOOLEAN -> new ReadingValue.Bool(member.bool());
            default ->
                    throw FieldChecks.wrongType("", member, where, "a number, string or boolean");
        };
    }

    private static boolean isReserved(Member member) {
        return member.name().startsWith("@");
    }
}
