package io.dtlsingest.dtls;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;

/**
 * The server's own EC P-256 key pair, presented to devices that authenticate by raw public key and
 * pinned by them.
 */
public record ServerIdentity(PrivateKey privateKey, PublicKey publicKey) {

    /** The public key as a PEM SubjectPublicKeyInfo block, as devices pin it. */
    public String publicKeyPem() {
        return pem("PUBLIC KEY", publicKey.getEncoded());
    }

    /** Both keys as PEM blocks, the form in which a generated identity is kept. */
    String keyPairPem() {
        return pem("PRIVATE KEY", privateKey.getEncoded()) + publicKeyPem();
    }

    private static String pem(String type, byte[] der) {
        Base64.Encoder encoder =
                Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        return "-----BEGIN "
                + type
                + "-----\n"
                + encoder.encodeToString(der)
                + "\n-----END "
                + type
                + "-----\n";
    }
}
