package io.vkv.node.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster secret a node signs with: the configured one, or the one kept in
 * {@code <data dir>/cluster.secret}, generated (32 random bytes, hex, mode 600) the first time.
 */
public final class ClusterSecret {

    /** The file name inside the data directory. */
    public static final String FILE_NAME = "cluster.secret";

    private static final Logger log = LoggerFactory.getLogger(ClusterSecret.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private ClusterSecret() {
    }

    /** The secret bytes for {@code config}; throws IOException when the file cannot be read or made. */
    public static byte[] resolve(NodeConfig config) throws IOException {
        if (config.clusterSecret().isPresent()) {
            return config.clusterSecret().get().getBytes(StandardCharsets.UTF_8);
        }
        return loadOrCreate(config.dataDir().resolve(FILE_NAME));
    }

    /** The secret in {@code file}, generating it first when the file does not exist. */
    static byte[] loadOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) {
            try {
                create(file);
                log.info("generated a new cluster secret in {} (copy it to every node of the cluster)", file);
            } catch (FileAlreadyExistsException e) {
                // Another process created it first: read theirs.
            }
        }
        String text = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (text.length() < NodeConfigLoader.MIN_SECRET_CHARS) {
            throw new ConfigException(file + " holds a secret of " + text.length() + " characters; at least "
                    + NodeConfigLoader.MIN_SECRET_CHARS + " are required");
        }
        warnIfReadableByOthers(file);
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void create(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        byte[] text = (HexFormat.of().formatHex(random) + "\n").getBytes(StandardCharsets.US_ASCII);
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attrs = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        // CREATE_NEW with the permissions as an attribute: the file is never readable by others, even briefly.
        try (FileChannel ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attrs)) {
            ByteBuffer buf = ByteBuffer.wrap(text);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        if (posix) {
            Files.setPosixFilePermissions(file, OWNER_ONLY); // the umask may have narrowed or the FS widened them
        }
    }

    private static void warnIfReadableByOthers(Path file) throws IOException {
        if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
            log.warn("{} is readable by other users ({}): chmod 600 it", file, PosixFilePermissions.toString(perms));
        }
    }
}
