package io.vkv.examples.chat;

import io.vkv.examples.chat.v1.RoomRecord;
import com.google.protobuf.ByteString;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/** Room passwords, kept as salted PBKDF2-HMAC-SHA256 hashes: vkv never holds a password. */
final class PasswordHash {

    static final int ITERATIONS = 100_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHash() {
    }

    /** A new room record holding {@code password}'s hash under a fresh salt. */
    static RoomRecord record(String room, String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return RoomRecord.newBuilder().setRoom(room).setSalt(ByteString.copyFrom(salt))
                .setPasswordHash(ByteString.copyFrom(hash(password, salt, ITERATIONS))).setIterations(ITERATIONS).build();
    }

    /** True when {@code password} is the room's; compares in constant time. */
    static boolean matches(RoomRecord room, String password) {
        byte[] given = hash(password, room.getSalt().toByteArray(), room.getIterations());
        return MessageDigest.isEqual(given, room.getPasswordHash().toByteArray());
    }

    private static byte[] hash(String password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every Java 17 runtime", e);
        } finally {
            spec.clearPassword();
        }
    }
}
