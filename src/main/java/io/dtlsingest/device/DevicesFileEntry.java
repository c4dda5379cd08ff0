package io.dtlsingest.device;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * One well-formed entry of the devices file, as written: its key may still have to be read from the
 * environment or a file, and {@link DeviceService} still checks every field.
 *
 * @param position where the entry stands, for reports: {@code devices[3] (id boiler-7, line 14)}
 * @param id the device id
 * @param enabled whether the device may connect
 * @param psk the PSK credential, or null for a raw public key
 * @param rpkPem the raw public key as PEM, or null for a PSK
 */
record DevicesFileEntry(
        String position, String id, boolean enabled, @Nullable Psk psk, @Nullable String rpkPem) {

    /**
     * A PSK credential whose key comes from one of three places.
     *
     * @param identity the PSK identity
     * @param key where the key in hex is found
     */
    record Psk(String identity, KeySource key) {}

    /** Where a PSK is found: in the file itself, in an environment variable or in a file. */
    sealed interface KeySource {

        /** The key in hex, written in the devices file. */
        record Inline(String hex) implements KeySource {}

        /** The name of an environment variable holding the key in hex. */
        record Env(String name) implements KeySource {}

        /** A file holding the key in hex, surrounding whitespace ignored. */
        record File(Path path) implements KeySource {}
    }

    /**
     * An entry that cannot be applied.
     *
     * @param position where the entry stands
     * @param id the id it names, if it names one; such a device is left as it is
     * @param reason what is wrong
     */
    record Invalid(String position, @Nullable String id, String reason) {

        String describe() {
            return position + ": " + reason;
        }
    }
}
