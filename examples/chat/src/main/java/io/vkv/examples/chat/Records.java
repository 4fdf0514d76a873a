package io.vkv.examples.chat;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import io.vkv.client.Sibling;

/** Decodes the chat's records from vkv values; a value that does not decode is reported, never trusted. */
final class Records {

    private Records() {
    }

    /** {@code sibling}'s value as a {@code T}; throws IllegalStateException naming the key when it is not one. */
    static <T> T parse(Parser<T> parser, Sibling sibling, String key) {
        try {
            return parser.parseFrom(sibling.value());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("the value at " + key + " is not a chat record: " + e.getMessage());
        }
    }
}
