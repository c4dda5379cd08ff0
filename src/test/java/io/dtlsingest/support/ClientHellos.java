package io.dtlsingest.support;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Hand-made DTLS 1.2 ClientHello records (RFC 6347 section 4.2.2) for flooding a server in tests:
 * one PSK cipher suite, no extensions. Also reads the cookie out of a HelloVerifyRequest.
 */
public final class ClientHellos {

    private static final int RECORD_HEADER = 13;
    private static final int HANDSHAKE_HEADER = 12;

    private ClientHellos() {}

    /**
     * A ClientHello record under epoch 0.
     *
     * @param random the client random, 32 bytes
     * @param sessionId a session id to resume, or empty
     * @param cookie the cookie of a HelloVerifyRequest, or empty
     * @param sequence the record and message sequence number
     */
    public static byte[] record(byte[] random, byte[] sessionId, byte[] cookie, int sequence) {
        ByteBuffer body =
                ByteBuffer.allocate(2 + 32 + 1 + sessionId.length + 1 + cookie.length + 6);
        body.put((byte) 0xfe).put((byte) 0xfd).put(random);
        body.put((byte) sessionId.length).put(sessionId);
        body.put((byte) cookie.length).put(cookie);
        body.putShort((short) 2).putShort((short) 0xc0a8); // TLS_PSK_WITH_AES_128_CCM_8
        body.put((byte) 1).put((byte) 0); // null compression
        int length = body.position();

        ByteBuffer record = ByteBuffer.allocate(RECORD_HEADER + HANDSHAKE_HEADER + length);
        record.put((byte) 22).put((byte) 0xfe).put((byte) 0xfd);
        record.putShort((short) 0).putShort((short) 0).putInt(sequence);
        record.putShort((short) (HANDSHAKE_HEADER + length));
        record.put((byte) 1).put(uint24(length)).putShort((short) sequence);
        record.put(uint24(0)).put(uint24(length));
        record.put(body.array(), 0, length);
        return record.array();
    }

    /** The cookie of a HelloVerifyRequest record, or null when the record is not one. */
    public static byte[] cookieOf(byte[] datagram, int length) {
        int cookieLengthAt = RECORD_HEADER + HANDSHAKE_HEADER + 2;
        if (length <= cookieLengthAt || datagram[0] != 22 || datagram[RECORD_HEADER] != 3) {
            return null;
        }
        int cookieLength = datagram[cookieLengthAt] & 0xff;
        if (length < cookieLengthAt + 1 + cookieLength) {
            return null;
        }
        return Arrays.copyOfRange(datagram, cookieLengthAt + 1, cookieLengthAt + 1 + cookieLength);
    }

    private static byte[] uint24(int value) {
        return new byte[] {(byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }
}
