package io.dtlsingest.secrets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Guards files that hold secrets (the server's private key, the key-encryption key): they must be
 * readable by the service and by nobody else on the machine, as ssh insists for its keys.
 *
 * <p>Group read stays allowed, because Kubernetes mounts Secrets for a non-root user through the
 * pod's group. On a file system without POSIX permissions the check cannot be made and is passed
 * over; such a file is then as safe as its folder.
 */
public final class SecretFiles {

    private static final Set<PosixFilePermission> FORBIDDEN =
            EnumSet.of(
                    PosixFilePermission.GROUP_WRITE,
                    PosixFilePermission.OTHERS_READ,
                    PosixFilePermission.OTHERS_WRITE,
                    PosixFilePermission.OTHERS_EXECUTE);

    private SecretFiles() {}

    /**
     * Checks that {@code file} can be read and that no other user may read or change it.
     *
     * @param property the setting that names the file, for the message
     * @throws IllegalStateException naming the setting, the file and what is wrong
     */
    public static void checkPrivate(Path file, String property) {
        Path absolute = file.toAbsolutePath();
        if (!Files.isReadable(file)) {
            throw new IllegalStateException(
                    property + ": cannot read the file " + absolute + " (missing or not readable)");
        }
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException noPosix) {
            return;
        } catch (IOException e) {
            throw new IllegalStateException(
                    property + ": cannot read the permissions of " + absolute, e);
        }
        if (permissions.stream().anyMatch(FORBIDDEN::contains)) {
            throw new IllegalStateException(
                    property
                            + ": "
                            + absolute
                            + " holds a secret but other users may read or change it (mode "
                            + PosixFilePermissions.toString(permissions)
                            + "); restrict it with 'chmod 600' (or 640 for the service's group)");
        }
    }
}
