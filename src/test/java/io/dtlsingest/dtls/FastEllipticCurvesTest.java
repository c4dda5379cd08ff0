package io.dtlsingest.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FastEllipticCurvesTest {

    @BeforeAll
    static void install() {
        FastEllipticCurves.install();
        FastEllipticCurves.install();
    }

    @Test
    void handshakeCurveOperationsComeFromTheInstalledProvider() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair device = generator.generateKeyPair();
        KeyPair server = generator.generateKeyPair();

        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(device.getPrivate());
        signer.update(new byte[] {1, 2, 3});
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(decoded(device));
        verifier.update(new byte[] {1, 2, 3});

        assertThat(verifier.verify(signature)).isTrue();
        assertThat(agree(device, server)).isEqualTo(agree(server, device));
        assertThat(generator.getProvider().getName()).isEqualTo(FastEllipticCurves.PROVIDER_NAME);
        assertThat(signer.getProvider().getName()).isEqualTo(FastEllipticCurves.PROVIDER_NAME);
        assertThat(KeyAgreement.getInstance("ECDH").getProvider().getName())
                .isEqualTo(FastEllipticCurves.PROVIDER_NAME);
    }

    @Test
    void recordCryptoAndOtherCurvesStayWithTheJdk() throws Exception {
        assertThat(Cipher.getInstance("AES/ECB/NoPadding").getProvider().getName())
                .isEqualTo("SunJCE");
        assertThat(Mac.getInstance("HmacSHA256").getProvider().getName()).isEqualTo("SunJCE");
        assertThat(MessageDigest.getInstance("SHA-256").getProvider().getName()).isEqualTo("SUN");
        assertThat(new SecureRandom().getProvider().getName()).isEqualTo("SUN");
        assertThat(KeyPairGenerator.getInstance("XDH").getProvider().getName()).isEqualTo("SunEC");
        assertThat(Signature.getInstance("Ed25519").getProvider().getName()).isEqualTo("SunEC");
    }

    private static java.security.PublicKey decoded(KeyPair pair) throws Exception {
        return KeyFactory.getInstance("EC")
                .generatePublic(new X509EncodedKeySpec(pair.getPublic().getEncoded()));
    }

    private static String agree(KeyPair own, KeyPair peer) throws Exception {
        KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
        agreement.init(own.getPrivate());
        agreement.doPhase(decoded(peer), true);
        return java.util.HexFormat.of().formatHex(agreement.generateSecret());
    }
}
