package io.dtlsingest.bench;

import java.nio.charset.StandardCharsets;

/**
 * The parts of a JSON reply the load generator needs, read without a JSON parser to keep the client
 * cheap. The echo server sends the datagram itself back; it has no code and reads as "echo".
 *
 * @param code the reply code, or "echo"
 * @param mid the message id, or -1
 * @param stored readings stored ("n"), or -1
 * @param duplicate whether the reply says "dup":true
 */
record Reply(String code, long mid, long stored, boolean duplicate) {

    static Reply parse(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.US_ASCII);
        String code = "echo";
        int codeAt = text.indexOf("\"code\":\"");
        if (codeAt >= 0) {
            int start = codeAt + 8;
            code = text.substring(start, text.indexOf('"', start));
        }
        return new Reply(
                code,
                number(text, "\"mid\":"),
                number(text, "\"n\":"),
                text.contains("\"dup\":true"));
    }

    private static long number(String text, String label) {
        int at = text.indexOf(label);
        if (at < 0) {
            return -1;
        }
        long value = 0;
        int digits = 0;
        for (int i = at + label.length(); i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            value = value * 10 + (c - '0');
            digits++;
        }
        return digits == 0 ? -1 : value;
    }
}
