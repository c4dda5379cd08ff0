package io.dtlsingest.telemetry;

/**
 * The message id extension ("mid" in SenML, "@mid" in the flat form): a number the device picks so
 * that retransmissions can be recognised and replies matched to requests.
 */
final class MessageIds {

    /** Ids are unsigned 32-bit numbers, which every device can count with. */
    static final long MAX = 0xFFFF_FFFFL;

    private MessageIds() {}

    /** The id held by a member, checked to be an integer from 0 to {@link #MAX}. */
    static long parse(Member member, String where) {
        if (member.kind() != Member.Kind.INTEGER
                || member.integer() < 0
                || member.integer() > MAX) {
            throw DecodeRejection.invalid(
                    where + member.name() + " must be an integer from 0 to " + MAX);
        }
        return member.integer();
    }
}
