package io.dtlsingest.dtls;

import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.util.Locale;
import java.util.Set;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Makes Bouncy Castle the JVM's first choice for the elliptic-curve operations of a raw public key
 * handshake (EC key generation and decoding, ECDSA, ECDH) and for nothing else.
 *
 * <p>On Java 17 the JDK's P-256 code costs about 3.4 ms of CPU per handshake side, Bouncy Castle's
 * about 0.8 ms, which is what decides how many ECDHE-ECDSA handshakes a core completes. Scandium
 * asks the JVM's providers in order and cannot be given one, so a provider holding only these
 * services goes first. Installing Bouncy Castle whole would also hand it AES, HMAC, SHA-2 and
 * random numbers, where the JDK's code is several times faster (AES-NI) and what every record uses;
 * those, X25519, Ed25519 and everything else stay with the JDK.
 *
 * <p>A JDK that insists on signed JCE providers (Oracle's, not OpenJDK builds) skips this one for
 * ECDH and falls back to its own code, which is slower but correct.
 */
public final class FastEllipticCurves {

    /** The name of the provider this installs. */
    public static final String PROVIDER_NAME = "DtlsIngestEC";

    private static final Set<String> SERVICES =
            Set.of(
                    "KeyPairGenerator.EC",
                    "KeyFactory.EC",
                    "AlgorithmParameters.EC",
                    "KeyAgreement.ECDH",
                    "Signature.SHA256WITHECDSA",
                    "Signature.SHA384WITHECDSA");

    private FastEllipticCurves() {}

    /** Installs the provider first in the JVM's list, once; later calls do nothing. */
    public static synchronized void install() {
        if (Security.getProvider(PROVIDER_NAME) == null) {
            Security.insertProviderAt(new EcProvider(new BouncyCastleProvider()), 1);
        }
    }

    /** A provider of a chosen few of Bouncy Castle's services, under a name of its own. */
    private static final class EcProvider extends Provider {

        private static final long serialVersionUID = 1L;

        EcProvider(Provider source) {
            super(PROVIDER_NAME, "1.0", "EC key generation, ECDSA and ECDH of " + source.getInfo());
            for (Service service : source.getServices()) {
                String algorithm = service.getAlgorithm().toUpperCase(Locale.ROOT);
                if (SERVICES.contains(service.getType() + "." + algorithm)) {
                    putService(new Delegate(this, service));
                }
            }
        }
    }

    /** One service of another provider, offered by {@link EcProvider}. */
    private static final class Delegate extends Provider.Service {

        private final Provider.Service target;

        Delegate(Provider provider, Provider.Service target) {
            super(
                    provider,
                    target.getType(),
                    target.getAlgorithm(),
                    target.getClassName(),
                    null,
                    null);
            this.target = target;
        }

        @Override
        public Object newInstance(Object constructorParameter) throws NoSuchAlgorithmException {
            return target.newInstance(constructorParameter);
        }

        @Override
        public boolean supportsParameter(Object parameter) {
            return target.supportsParameter(parameter);
        }
    }
}
