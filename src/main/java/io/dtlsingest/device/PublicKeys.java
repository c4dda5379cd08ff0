package io.dtlsingest.device;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Reads and writes device raw public keys as PEM SubjectPublicKeyInfo. */
final class PublicKeys {

    private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String END = "-----END PUBLIC KEY-----";

    private PublicKeys() {}

    /**
     * Parses a PEM public key and checks it is an EC P-256 key, the only kind the server's ECDSA
     * cipher suites can authenticate.
     *
     * @return the key's DER SubjectPublicKeyInfo
     * @throws InvalidDeviceException saying what is wrong with it
     */
    static byte[] parseP256(String pem) {
        String trimmed = pem.strip();
        if (!trimmed.startsWith(BEGIN) || !trimmed.endsWith(END)) {
            throw new InvalidDeviceException(
                    "rpk.publicKey must be a PEM block from " + BEGIN + " to " + END);
        }
        String body = trimmed.substring(BEGIN.length(), trimmed.length() - END.length());
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new InvalidDeviceException("rpk.publicKey is not valid base64 inside the PEM");
        }

        PublicKey key;
        try {
            key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new InvalidDeviceException("rpk.publicKey is not an EC public key");
        }
        if (!(key instanceof ECPublicKey ec)
                || ec.getParams().getCurve().getField().getFieldSize() != 256) {
            throw new InvalidDeviceException("rpk.publicKey must be on curve P-256");
        }
        // Store the canonical encoding, so the same key always compares equal.
        return key.getEncoded();
    }

    static String toPem(byte[] subjectPublicKeyInfo) {
        Base64.Encoder encoder =
                Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        return BEGIN + "\n" + encoder.encodeToString(subjectPublicKeyInfo) + "\n" + END + "\n";
    }
}
