package io.dtlsingest.secrets;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * A file whose content is encrypted and authenticated with AES-GCM under the secrets key, and
 * stamped with the time it was written. The format is: a magic line, the write time in epoch
 * milliseconds, a 12-byte nonce, and the ciphertext with its 16-byte tag; the magic line and the
 * time are authenticated too, so neither can be changed unnoticed.
 */
public final class SealedFile {

    private static final byte[] MAGIC =
            "dtls-ingest sealed 1\n".getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path path;
    private final SecretKey key;

    public SealedFile(Path path, SecretKey key) {
        this.path = path;
        this.key = key;
    }

    /** What was read: the content and when it was written. */
    public record Content(byte[] plaintext, Instant writtenAt) {}

    /**
     * Writes the content, readable by the owner only. The file is replaced atomically, so a crash
     * leaves either the old content or the new one.
     */
    public void write(byte[] plaintext) throws IOException {
        long writtenAt = System.currentTimeMillis();
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] ciphertext = crypt(Cipher.ENCRYPT_MODE, nonce, header(writtenAt), plaintext);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream(ciphertext.length + 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeLong(writtenAt);
            out.write(nonce);
            out.write(ciphertext);
        }
        Path parent = path.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, ".sealed", ".tmp");
        try {
            restrictToOwner(temporary);
            Files.write(temporary, bytes.toByteArray());
            Files.move(
                    temporary,
                    path,
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Reads and authenticates the content.
     *
     * @throws IOException when the file cannot be read, is not a sealed file, or was not sealed
     *     with this key or was altered
     */
    public Content read() throws IOException {
        byte[] all = Files.readAllBytes(path);
        if (all.length < MAGIC.length + Long.BYTES + NONCE_BYTES
                || !Arrays.equals(Arrays.copyOf(all, MAGIC.length), MAGIC)) {
            throw new IOException(path + " is not a sealed file");
        }
        try (DataInputStream in =
                new DataInputStream(
                        new java.io.ByteArrayInputStream(all, MAGIC.length, all.length))) {
            long writtenAt = in.readLong();
            byte[] nonce = in.readNBytes(NONCE_BYTES);
            byte[] ciphertext = in.readAllBytes();
            byte[] plaintext = crypt(Cipher.DECRYPT_MODE, nonce, header(writtenAt), ciphertext);
            return new Content(plaintext, Instant.ofEpochMilli(writtenAt));
        }
    }

    private byte[] crypt(int mode, byte[] nonce, byte[] associated, byte[] input)
            throws IOException {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associated);
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IOException(
                    path
                            + " cannot be "
                            + (mode == Cipher.ENCRYPT_MODE ? "sealed" : "opened")
                            + " with the configured secrets key",
                    e);
        }
    }

    private static byte[] header(long writtenAt) {
        return ByteBuffer.allocate(MAGIC.length + Long.BYTES).put(MAGIC).putLong(writtenAt).array();
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system; the folder's own permissions protect the file.
        }
    }
}
