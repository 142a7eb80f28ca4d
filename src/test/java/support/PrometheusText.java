package support;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small parser of the Prometheus text exposition format (0.0.4): {@code # TYPE} lines and samples
 * {@code name{label="value",...} value}, label values unescaped. Lets tests read a metric's value by name and labels
 * instead of searching the text.
 */
public final class PrometheusText {
    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples = new ArrayList<>();
    private final Map<String, String> types = new HashMap<>();

    private PrometheusText() {
    }

    public static PrometheusText parse(String text) {
        PrometheusText p = new PrometheusText();
        int n = 0;
        for (String line : text.split("\n")) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("#")) {
                String[] parts = line.split(" ");
                if (parts.length >= 4 && parts[1].equals("TYPE")) {
                    p.types.put(parts[2], parts[3]);
                }
                continue;
            }
            p.samples.add(sample(line, n));
        }
        return p;
    }

    private static Sample sample(String line, int n) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                String key = line.substring(i, eq).strip();
                if (line.charAt(eq + 1) != '"') {
                    throw new IllegalArgumentException("line " + n + ": label value not quoted: " + line);
                }
                StringBuilder value = new StringBuilder();
                int j = eq + 2;
                for (; line.charAt(j) != '"'; j++) {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char next = line.charAt(++j);
                        value.append(next == 'n' ? '\n' : next);
                    } else {
                        value.append(c);
                    }
                }
                labels.put(key, value.toString());
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            i++;
        }
        String[] rest = line.substring(i).strip().split(" ");
        if (name.isEmpty() || rest.length < 1 || rest[0].isEmpty()) {
            throw new IllegalArgumentException("line " + n + ": not a sample: " + line);
        }
        return new Sample(name, labels, switch (rest[0]) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(rest[0]);
        });
    }

    /** The {@code # TYPE} of a metric family (counter, gauge, summary, histogram, untyped), or null. */
    public String type(String family) {
        return types.get(family);
    }

    /** Every sample of {@code name} whose labels include the given {@code key, value} pairs. */
    public List<Sample> samples(String name, String... labelPairs) {
        List<Sample> out = new ArrayList<>();
        for (Sample s : samples) {
            if (s.name().equals(name) && matches(s.labels(), labelPairs)) {
                out.add(s);
            }
        }
        return out;
    }

    /** The value of the one sample of {@code name} with these labels; fails when there is none or more than one. */
    public double value(String name, String... labelPairs) {
        List<Sample> found = samples(name, labelPairs);
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " samples of " + name + " " + List.of(labelPairs) + ": " + found);
        }
        return found.get(0).value();
    }

    /** Names of every sample. */
    public List<String> names() {
        return samples.stream().map(Sample::name).distinct().toList();
    }

    private static boolean matches(Map<String, String> labels, String[] pairs) {
        for (int k = 0; k + 1 < pairs.length; k += 2) {
            if (!pairs[k + 1].equals(labels.get(pairs[k]))) {
                return false;
            }
        }
        return true;
    }
}
