package io.vkv.client;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** One write of a batch: a value for a key, with the context of what was read (EMPTY for a blind write). */
public record Put(byte[] key, byte[] value, Context context) {

    public Put {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        context = context == null ? Context.EMPTY : context;
    }

    /** A UTF-8 key and value. */
    public static Put of(String key, String value, Context context) {
        return new Put(key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8), context);
    }
}
