package io.vkv.node.security;

import io.vkv.node.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tokens file of {@code auth.tokens}, read at start and again when it changes (looked at no more than once a second),
 * so tokens are added and revoked without a restart. A changed file that does not parse is not taken: the node keeps the
 * tokens it had and logs why.
 */
public final class TokenSource {

    private static final Logger log = LoggerFactory.getLogger(TokenSource.class);
    private static final long RECHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Path file;
    private final LongSupplier nanoTime;
    private volatile TokenFile tokens;
    private volatile FileTime modified;
    private volatile long checkedNanos;

    private TokenSource(Path file, LongSupplier nanoTime, TokenFile tokens, FileTime modified) {
        this.file = file;
        this.nanoTime = nanoTime;
        this.tokens = tokens;
        this.modified = modified;
        this.checkedNanos = nanoTime.getAsLong();
    }

    /** Reads {@code file}; throws {@link ConfigException} when it is missing or malformed. */
    public static TokenSource open(Path file, LongSupplier nanoTime) {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            return new TokenSource(file, nanoTime, read(file), modified);
        } catch (IOException e) {
            throw new ConfigException("auth.tokens: cannot read " + file + " (" + e.getMessage() + ")");
        }
    }

    /** The tokens as of the file's latest readable version. */
    public TokenFile current() {
        long now = nanoTime.getAsLong();
        if (now - checkedNanos >= RECHECK_NANOS) {
            checkedNanos = now;
            reloadIfChanged();
        }
        return tokens;
    }

    private synchronized void reloadIfChanged() {
        try {
            FileTime m = Files.getLastModifiedTime(file);
            if (m.equals(modified)) {
                return;
            }
            modified = m;
            TokenFile read = read(file);
            tokens = read;
            log.info("auth.tokens: re-read {}: {} tokens", file, read.size());
        } catch (IOException | ConfigException e) {
            log.warn("auth.tokens: keeping the {} tokens read before; {} changed but cannot be used: {}", tokens.size(), file, e.getMessage());
        }
    }

    private static TokenFile read(Path file) throws IOException {
        return TokenFile.parse(Files.readAllLines(file, StandardCharsets.ISO_8859_1), file.toString());
    }
}
