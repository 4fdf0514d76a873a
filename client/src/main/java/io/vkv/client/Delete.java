package io.vkv.client;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** One delete of a batch: a tombstone for a key, with the context of what was read. */
public record Delete(byte[] key, Context context) {

    public Delete {
        Objects.requireNonNull(key, "key");
        context = context == null ? Context.EMPTY : context;
    }

    /** A UTF-8 key. */
    public static Delete of(String key, Context context) {
        return new Delete(key.getBytes(StandardCharsets.UTF_8), context);
    }
}
