package io.vkv.node.config;

import io.vkv.node.storage.FsyncPolicy;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the text of one setting into its value, or throws {@link IllegalArgumentException} with a
 * message of the form {@code 'value' is not <what> (<expected>)}; the loader prefixes the key.
 */
final class ValueParser {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})(ms|s|m|h)?");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})(KiB|MiB)?");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private ValueParser() {
    }

    static int port(String text) {
        long v = number(text, "a port (0..65535)");
        if (v < 0 || v > 65535) {
            throw new IllegalArgumentException(quote(text) + " is not a port (0..65535)");
        }
        return (int) v;
    }

    static int intInRange(String text, int min, int max) {
        String expected = "a whole number in " + min + ".." + max;
        long v = number(text, expected);
        if (v < min || v > max) {
            throw new IllegalArgumentException(quote(text) + " is not " + expected);
        }
        return (int) v;
    }

    /** A size in bytes: a number, optionally followed by KiB or MiB. */
    static int bytes(String text, int min, int max) {
        String expected = "a size in " + min + ".." + max + " bytes, e.g. 1024, 64KiB or 1MiB";
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(quote(text) + " is not " + expected);
        }
        long v = Long.parseLong(m.group(1));
        if ("KiB".equals(m.group(2))) {
            v *= 1024;
        } else if ("MiB".equals(m.group(2))) {
            v *= 1024 * 1024;
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException(quote(text) + " is not " + expected);
        }
        return (int) v;
    }

    /** A duration: a number followed by ms, s, m or h; a bare 0 is allowed. */
    static Duration duration(String text) {
        String expected = "a duration (a number followed by ms, s, m or h, e.g. 500ms, 30s, 5m)";
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches() || (m.group(2) == null && Long.parseLong(m.group(1)) != 0)) {
            throw new IllegalArgumentException(quote(text) + " is not " + expected);
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    static FsyncPolicy fsync(String text) {
        try {
            return FsyncPolicy.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(quote(text) + " is not an fsync policy (always, never or interval:<ms> with ms > 0)");
        }
    }

    /** A node or cluster name: 1..64 characters of [A-Za-z0-9_.-] starting with a letter or digit. */
    static String name(String text) {
        String t = text.trim();
        if (!NAME.matcher(t).matches()) {
            throw new IllegalArgumentException(quote(text)
                    + " is not a name (1..64 characters of A-Z a-z 0-9 _ . - starting with a letter or digit)");
        }
        return t;
    }

    static String host(String text) {
        String t = text.trim();
        if (t.isEmpty() || t.chars().anyMatch(c -> Character.isWhitespace(c) || c == '/')) {
            throw new IllegalArgumentException(quote(text) + " is not a host name or IP address");
        }
        return t;
    }

    /** A duration from {@code min} to {@code max}. */
    static Duration durationInRange(String text, Duration min, Duration max) {
        Duration d = duration(text);
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new IllegalArgumentException(quote(text) + " is out of range (" + describe(min) + " to " + describe(max) + ")");
        }
        return d;
    }

    private static String describe(Duration d) {
        return d.isZero() ? "0" : d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    /** Empty, {@code host}, {@code host:port}, {@code [v6]} or {@code [v6]:port}: where peers reach a node. */
    static String advertise(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            return t;
        }
        String hostPart = t;
        String portPart = null;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            String rest = close < 0 ? "" : t.substring(close + 1);
            hostPart = close < 2 || !(rest.isEmpty() || rest.startsWith(":")) ? "" : t.substring(1, close);
            portPart = rest.isEmpty() ? null : rest.substring(1);
        } else if (t.indexOf(':') >= 0) {
            hostPart = t.substring(0, t.indexOf(':'));
            portPart = t.substring(t.indexOf(':') + 1); // a second colon leaves a port that is not a number
        }
        try {
            host(hostPart);
            if (portPart != null) {
                intInRange(portPart, 1, 65535);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(quote(text) + " is not host or host:port (write IPv6 addresses in brackets: [::1]:7001)");
        }
        return t;
    }

    /** True when a well-formed advertised address names a port. */
    static boolean hasPort(String advertise) {
        return advertise.startsWith("[") ? advertise.contains("]:") : advertise.contains(":");
    }

    /** True for the addresses that mean "every interface". */
    static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") || host.equals("0:0:0:0:0:0:0:0");
    }

    /** Empty (no broker) or {@code tcp://host:port} / {@code ssl://host:port}. */
    static String brokerUrl(String text) {
        String t = text.trim();
        if (!t.isEmpty()) {
            BrokerAddress.parse(text);
        }
        return t;
    }

    /** Empty (chosen by the node) or an unsigned decimal position on the 2^64 ring. */
    static OptionalLong token(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseUnsignedLong(t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(quote(text) + " is not a ring position: expected a decimal number in 0..18446744073709551615");
        }
    }

    private static long number(String text, String expected) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(quote(text) + " is not " + expected);
        }
    }

    static String quote(String text) {
        return "'" + text + "'";
    }
}
