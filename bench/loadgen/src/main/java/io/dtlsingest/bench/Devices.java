package io.dtlsingest.bench;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The simulated devices: PSK devices whose keys are derived from their identity, so that the echo
 * server in its own process knows them without being told, and RPK devices with key pairs made for
 * this run.
 */
final class Devices {

    private final List<Device> psk;
    private final List<Device> rpk;

    private Devices(List<Device> psk, List<Device> rpk) {
        this.psk = psk;
        this.rpk = rpk;
    }

    /** Creates {@code pskCount} PSK devices and {@code rpkCount} RPK devices. */
    static Devices create(int pskCount, int rpkCount) {
        List<Device> psk = pskDevices(0, pskCount);
        List<Device> rpk = new ArrayList<>(rpkCount);
        KeyPairGenerator generator = ecGenerator();
        for (int i = 0; i < rpkCount; i++) {
            rpk.add(
                    new Device(
                            pskCount + i,
                            "bench-rpk-%05d".formatted(i),
                            null,
                            generator.generateKeyPair()));
        }
        return new Devices(psk, rpk);
    }

    /**
     * The PSK devices {@code first} to {@code first + count - 1} of a run, and no RPK ones: what a
     * load generator process of its own needs to open connections for a slice of the devices.
     */
    static Devices pskSlice(int first, int count) {
        return new Devices(pskDevices(first, count), List.of());
    }

    private static List<Device> pskDevices(int first, int count) {
        List<Device> psk = new ArrayList<>(count);
        for (int i = first; i < first + count; i++) {
            String id = pskId(i);
            psk.add(new Device(i, id, pskKey(id), null));
        }
        return psk;
    }

    static String pskId(int index) {
        return "bench-psk-%05d".formatted(index);
    }

    /** The PSK of a bench device: the first 16 bytes of a SHA-256 over its identity. */
    static byte[] pskKey(String identity) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256")
                            .digest(
                                    ("dtls-ingest-bench:" + identity)
                                            .getBytes(StandardCharsets.UTF_8));
            byte[] key = new byte[16];
            System.arraycopy(digest, 0, key, 0, key.length);
            return key;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    static KeyPairGenerator ecGenerator() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 is missing from this JVM", e);
        }
    }

    List<Device> psk() {
        return psk;
    }

    List<Device> rpk() {
        return rpk;
    }

    int count() {
        return psk.size() + rpk.size();
    }

    /**
     * One simulated device.
     *
     * @param index position among all devices, for the ledger
     * @param id device id, and PSK identity of a PSK device
     * @param key the PSK, or null for an RPK device
     * @param keys the key pair, or null for a PSK device
     */
    record Device(int index, String id, byte[] key, KeyPair keys) {

        boolean isPsk() {
            return key != null;
        }

        String publicKeyPem() {
            String base64 =
                    Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(keys.getPublic().getEncoded());
            return "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n";
        }
    }
}
