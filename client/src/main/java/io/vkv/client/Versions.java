package io.vkv.client;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * What a read returned for one key: whether it exists, its siblings (tombstones included) and the
 * context that covers all of them. Writing with {@link #context()} supersedes every sibling read.
 */
public record Versions(byte[] key, boolean found, List<Sibling> siblings, Context context) {

    public Versions {
        siblings = List.copyOf(siblings);
    }

    /** The key decoded as UTF-8. */
    public String keyString() {
        return new String(key, StandardCharsets.UTF_8);
    }

    /** The siblings that hold a value (not tombstones). */
    public List<Sibling> live() {
        return siblings.stream().filter(s -> !s.deleted()).toList();
    }

    /** True when more than one live value exists: concurrent writes that a resolver must reconcile. */
    public boolean hasConflict() {
        return live().size() > 1;
    }

    /**
     * The single live value, or empty when the key is absent or deleted.
     *
     * @throws UnresolvedSiblingsException when several live siblings exist: resolve them first
     */
    public Optional<byte[]> value() {
        List<Sibling> live = live();
        if (live.size() > 1) {
            throw new UnresolvedSiblingsException(keyString(), live.size());
        }
        return live.stream().findFirst().map(Sibling::value);
    }

    /** The single live value as UTF-8 text, or empty (see {@link #value()}). */
    public Optional<String> valueString() {
        return value().map(v -> new String(v, StandardCharsets.UTF_8));
    }

    /** The same read with its siblings reduced by {@code resolver}; the context is unchanged, so it still covers them all. */
    public Versions resolve(SiblingResolver resolver) {
        if (siblings.size() < 2) {
            return this;
        }
        List<Sibling> kept = resolver.resolve(siblings);
        boolean anyLive = kept.stream().anyMatch(s -> !s.deleted());
        return new Versions(key, anyLive, kept, context);
    }
}
