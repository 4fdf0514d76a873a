package io.vkv.node.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (0.0.4), by its published rules: {@code # HELP} and
 * {@code # TYPE} lines, one TYPE per family before its samples, metric and label names by their grammar, escaped
 * label values, float values; histogram buckets ordered by {@code le}, cumulative, ending at {@code +Inf} equal to
 * {@code _count}. Independent of the client library that wrote the text, so a test can hold the output to the rules.
 */
final class PrometheusText {

    /** One sample: its metric name, labels and value. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final Pattern METRIC = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final List<String> TYPES = List.of("counter", "gauge", "histogram", "summary", "untyped");

    final Map<String, String> types = new LinkedHashMap<>();
    final List<Sample> samples = new ArrayList<>();

    private PrometheusText() {
    }

    /** Parses {@code text}; throws IllegalArgumentException naming the line and the rule it breaks. */
    static PrometheusText parse(String text) {
        PrometheusText p = new PrometheusText();
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the exposition must end with a line feed");
        }
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            try {
                p.line(lines[i]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (i + 1) + " '" + lines[i] + "': " + e.getMessage(), e);
            } catch (IndexOutOfBoundsException e) {
                throw new IllegalArgumentException("line " + (i + 1) + " '" + lines[i] + "' ends too early (unterminated labels)", e);
            }
        }
        p.checkHistograms();
        return p;
    }

    private void line(String line) {
        if (line.isEmpty()) {
            return;
        }
        if (line.startsWith("# TYPE ")) {
            String[] f = line.substring(7).split(" ");
            if (f.length != 2 || !METRIC.matcher(f[0]).matches() || !TYPES.contains(f[1])) {
                throw new IllegalArgumentException("a TYPE line is '# TYPE <metric name> <type>'");
            }
            if (types.put(f[0], f[1]) != null) {
                throw new IllegalArgumentException("a second TYPE line for " + f[0]);
            }
            if (samples.stream().anyMatch(s -> family(s.name()).equals(f[0]))) {
                throw new IllegalArgumentException("the TYPE of " + f[0] + " comes after its samples");
            }
            return;
        }
        if (line.startsWith("#")) {
            if (line.startsWith("# HELP ") && !METRIC.matcher(line.substring(7).split(" ", 2)[0]).matches()) {
                throw new IllegalArgumentException("a HELP line names a metric");
            }
            return; // HELP or a comment
        }
        samples.add(sample(line));
    }

    private Sample sample(String line) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        String name = line.substring(0, brace >= 0 && brace < space ? brace : space);
        if (!METRIC.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a metric name");
        }
        Map<String, String> labels = new TreeMap<>();
        int rest = name.length();
        if (brace == name.length()) {
            rest = labels(line, brace + 1, labels);
        }
        String[] tail = line.substring(rest).trim().split(" ");
        if (tail.length < 1 || tail.length > 2) {
            throw new IllegalArgumentException("a sample is 'name{labels} value [timestamp]'");
        }
        double value = value(tail[0]);
        if (tail.length == 2) {
            Long.parseLong(tail[1]);
        }
        return new Sample(name, labels, value);
    }

    /** Reads {@code a="x",b="y"}} from {@code at}; returns the index after the closing brace. */
    private static int labels(String line, int at, Map<String, String> into) {
        int i = at;
        while (line.charAt(i) != '}') {
            Matcher m = LABEL.matcher(line).region(i, line.length());
            if (!m.lookingAt()) {
                throw new IllegalArgumentException("a label name at column " + i);
            }
            String label = m.group();
            i = m.end();
            if (line.charAt(i) != '=' || line.charAt(i + 1) != '"') {
                throw new IllegalArgumentException("label " + label + " needs =\"value\"");
            }
            i += 2;
            StringBuilder v = new StringBuilder();
            while (line.charAt(i) != '"') {
                char c = line.charAt(i++);
                if (c == '\\') {
                    char e = line.charAt(i++);
                    v.append(switch (e) {
                        case '\\' -> '\\';
                        case '"' -> '"';
                        case 'n' -> '\n';
                        default -> throw new IllegalArgumentException("'\\" + e + "' is no escape in a label value");
                    });
                } else {
                    v.append(c);
                }
            }
            i++;
            if (into.put(label, v.toString()) != null) {
                throw new IllegalArgumentException("label " + label + " twice");
            }
            if (line.charAt(i) == ',') {
                i++;
            }
        }
        return i + 1;
    }

    private static double value(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(text);
        };
    }

    /** The family a sample belongs to: its name less a histogram's or counter's suffix. */
    String family(String sample) {
        for (String suffix : List.of("_bucket", "_count", "_sum", "_total", "_created")) {
            String base = sample.endsWith(suffix) ? sample.substring(0, sample.length() - suffix.length()) : null;
            if (base != null && types.containsKey(base)) {
                return base;
            }
        }
        return sample;
    }

    private void checkHistograms() {
        for (Sample s : samples) {
            if (!types.containsKey(family(s.name()))) {
                throw new IllegalArgumentException("sample " + s.name() + " has no TYPE");
            }
        }
        Map<String, List<Sample>> buckets = new HashMap<>();
        for (Sample s : samples) {
            if (s.name().endsWith("_bucket") && "histogram".equals(types.get(family(s.name())))) {
                Map<String, String> series = new TreeMap<>(s.labels());
                series.remove("le");
                buckets.computeIfAbsent(s.name() + series, k -> new ArrayList<>()).add(s);
            }
        }
        buckets.forEach((series, list) -> {
            double le = Double.NEGATIVE_INFINITY;
            double count = 0;
            for (Sample b : list) {
                double bound = value(b.labels().get("le"));
                if (bound <= le || b.value() < count) {
                    throw new IllegalArgumentException(series + ": buckets must rise in le and be cumulative");
                }
                le = bound;
                count = b.value();
            }
            if (le != Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException(series + ": the last bucket must be le=\"+Inf\"");
            }
        });
    }

    /** The value of the one sample named {@code name} with exactly {@code labels}; NaN when there is none. */
    double value(String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(new TreeMap<>(labels)))
                .mapToDouble(Sample::value).findFirst().orElse(Double.NaN);
    }
}
