package io.vkv.client;

/** A single value was asked for but the key still has several concurrent values after resolution. */
public class UnresolvedSiblingsException extends VkvException {

    private final int siblings;

    public UnresolvedSiblingsException(String key, int siblings) {
        super("key '" + key + "' has " + siblings + " concurrent values; resolve them with a SiblingResolver that keeps one");
        this.siblings = siblings;
    }

    /** How many live siblings were left. */
    public int siblings() {
        return siblings;
    }
}
