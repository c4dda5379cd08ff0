package io.dtlsingest.secrets;

import java.util.List;

/** Secret boxes outside an application context, for tests that need a secret sealed elsewhere. */
public final class SecretBoxes {

    private SecretBoxes() {}

    /** A box that seals under {@code base64Key}, as a service configured with it would. */
    public static SecretBox sealingWith(String base64Key) {
        return new SecretBox(
                new KeyEncryptionKeys(new SecretsProperties(base64Key, null, List.of())));
    }
}
