package io.vkv.cli;

import io.vkv.client.Context;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a {@code --context} token as printed by get, put or del. */
final class ContextConverter implements ITypeConverter<Context> {

    @Override
    public Context convert(String value) {
        try {
            return Context.fromBase64(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
