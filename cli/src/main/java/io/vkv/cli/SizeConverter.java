package io.vkv.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a size in bytes, as a node's config does: {@code 100}, {@code 4KiB}, {@code 1MiB}; at most 64MiB, a node's largest value. */
public final class SizeConverter implements ITypeConverter<Integer> {

    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})(KiB|MiB)?");
    static final int MAX = 64 * 1024 * 1024;

    @Override
    public Integer convert(String value) {
        Matcher m = SIZE.matcher(value == null ? "" : value.trim());
        if (!m.matches()) {
            throw new TypeConversionException(Quote.of(value) + " is not a size; allowed: 0..64MiB, e.g. 100, 4KiB, 1MiB");
        }
        long n = Long.parseLong(m.group(1)) * ("KiB".equals(m.group(2)) ? 1024 : "MiB".equals(m.group(2)) ? 1024 * 1024 : 1);
        if (n > MAX) {
            throw new TypeConversionException(Quote.of(value) + " is out of range; allowed: 0..64MiB (a node's largest value)");
        }
        return (int) n;
    }
}
