package io.dtlsingest.telemetry;

/** What the first bytes of a datagram say about its encoding. */
enum DatagramFormat {

    /** A CBOR array (a pack) or map (a single record), RFC 8428 section 6. */
    SENML_CBOR(Encoding.CBOR),

    /** One or more JSON arrays or objects. */
    JSON(Encoding.JSON),

    /** Nothing but JSON whitespace, or no bytes at all. */
    BLANK(Encoding.JSON),

    /** Anything else. */
    UNSUPPORTED(Encoding.JSON);

    private final Encoding encoding;

    DatagramFormat(Encoding encoding) {
        this.encoding = encoding;
    }

    /** The encoding to reply in; JSON whenever the datagram is not recognisably CBOR. */
    Encoding encoding() {
        return encoding;
    }

    /** Looks at the first byte, and for JSON at the first byte after leading whitespace. */
    static DatagramFormat detect(byte[] datagram) {
        if (datagram.length == 0) {
            return BLANK;
        }

        // Major types 4 (array) and 5 (map) occupy 0x80..0xbf, whatever the length encoding.
        int first = datagram[0] & 0xff;
        if (first >= 0x80 && first <= 0xbf) {
            return SENML_CBOR;
        }

        int start = skipJsonWhitespace(datagram);
        if (start == datagram.length) {
            return BLANK;
        }
        byte opening = datagram[start];
        return opening == '[' || opening == '{' ? JSON : UNSUPPORTED;
    }

    private static int skipJsonWhitespace(byte[] datagram) {
        int i = 0;
        while (i < datagram.length && isJsonWhitespace(datagram[i])) {
            i++;
        }
        return i;
    }

    /** The four whitespace characters of RFC 8259 section 2. */
    private static boolean isJsonWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }
}
