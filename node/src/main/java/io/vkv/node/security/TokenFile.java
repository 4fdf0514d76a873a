package io.vkv.node.security;

import io.vkv.node.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bearer tokens a node accepts, as a file of one {@code ROLE NAME sha256:HEX} per line ({@code #} starts a comment).
 * Only hashes are kept: a leaked file grants nothing. SHA-256 rather than a slow password hash because tokens are 256
 * random bits (what {@code vkv cluster up --secure} issues), which no dictionary guesses; a slow hash would only slow
 * every call. Pure: parsing takes the lines.
 */
public final class TokenFile {

    /** A token's holder and what it may do. */
    public record Grant(String name, Role role) {
    }

    private static final String PREFIX = "sha256:";

    private final Map<String, Grant> byHash;

    private TokenFile(Map<String, Grant> byHash) {
        this.byHash = byHash;
    }

    /** The tokens in {@code lines} of {@code source}; throws {@link ConfigException} naming the line and what is wrong. */
    public static TokenFile parse(List<String> lines, String source) {
        Map<String, Grant> byHash = new HashMap<>();
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String content = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (content.isEmpty()) {
                continue;
            }
            String where = "auth.tokens: " + source + ":" + (i + 1) + ": ";
            String[] fields = content.split("\\s+");
            if (fields.length != 3) {
                throw new ConfigException(where + "expected ROLE NAME sha256:HEX (3 fields), found " + fields.length);
            }
            Role role = Role.parse(fields[0]).orElseThrow(() -> new ConfigException(where + "unknown role '" + printable(fields[0])
                    + "'; roles are read, write, admin"));
            String name = fields[1];
            if (!name.matches("[A-Za-z0-9_.@-]{1,64}")) {
                throw new ConfigException(where + "the name must be 1..64 characters of [A-Za-z0-9_.@-]");
            }
            String digest = fields[2];
            if (!digest.startsWith(PREFIX) || !digest.substring(PREFIX.length()).matches("[0-9a-f]{64}")) {
                throw new ConfigException(where + "the third field must be sha256: and 64 lowercase hex digits (the hash of the"
                        + " token, never the token itself: bin/vkv token hash)");
            }
            Integer earlier = names.putIfAbsent(name, i + 1);
            if (earlier != null) {
                throw new ConfigException(where + "the name " + name + " is already used on line " + earlier);
            }
            if (byHash.putIfAbsent(digest.substring(PREFIX.length()), new Grant(name, role)) != null) {
                throw new ConfigException(where + "the same token hash is listed twice");
            }
        }
        return new TokenFile(Map.copyOf(byHash));
    }

    /** Who holds {@code token}, or empty when it is not one of these. */
    public Optional<Grant> grantOf(String token) {
        return Optional.ofNullable(byHash.get(sha256(token)));
    }

    /** How many tokens the file lists. */
    public int size() {
        return byHash.size();
    }

    /** A new token: 256 random bits in hex. */
    public static String newToken(SecureRandom random) {
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        return HexFormat.of().formatHex(raw);
    }

    /** The line a tokens file holds for {@code token}, granted {@code role} under {@code name}. */
    public static String line(Role role, String name, String token) {
        return role.text() + " " + name + " " + PREFIX + sha256(token);
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    private static String printable(String s) {
        String cut = s.length() > 20 ? s.substring(0, 20) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
