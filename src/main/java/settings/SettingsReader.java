package settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Typed, validated reads of {@code app.*} settings. Constructed over the sources and the known keys, it first refuses
 * any unknown key; each read then refuses a value out of its range with one line naming the key, where the value came
 * from, the value and what is allowed, e.g. {@code bad setting app.inbox.poll-ms='-5' (-D system property): must be a
 * whole number from 1 to 2147483647 (ms); default 1000}.
 */
public final class SettingsReader {
    /** Upper limit of every millisecond setting (about 24.8 days): what {@code int}-based timeouts can hold. */
    public static final long MAX_MS = Integer.MAX_VALUE;

    private final SettingSources sources;
    private final Map<String, SettingSources.Value> read = new LinkedHashMap<>();

    public SettingsReader(SettingSources sources, List<String> known) {
        this.sources = sources;
        sources.requireKnown(known);
    }

    /** Every key read so far with its value and origin, in reading order. */
    public Map<String, SettingSources.Value> read() {
        return Map.copyOf(read);
    }

    /** The value as given, trimmed ({@code ""} when empty). */
    public String text(String key) {
        SettingSources.Value v = sources.get(key);
        if (v == null) {
            throw new IllegalStateException("setting " + key + " has no default in " + SettingSources.DEFAULTS);
        }
        read.put(key, v);
        return v.text().strip();
    }

    /** Where the value of {@code key} comes from ({@link SettingSources#DEFAULTS} when nobody set it). */
    public String origin(String key) {
        SettingSources.Value v = sources.get(key);
        return v == null ? "" : v.origin();
    }

    /** A non-empty text. */
    public String required(String key) {
        String s = text(key);
        if (s.isEmpty()) {
            throw bad(key, "must not be empty");
        }
        return s;
    }

    public boolean bool(String key) {
        return switch (text(key).toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw bad(key, "must be true or false");
        };
    }

    public long whole(String key, long min, long max, String unit) {
        String s = text(key);
        String range = "must be a whole number from " + min + " to " + max + (unit.isEmpty() ? "" : " (" + unit + ")");
        try {
            long v = Long.parseLong(s);
            if (v < min || v > max) {
                throw bad(key, range);
            }
            return v;
        } catch (NumberFormatException e) {
            throw bad(key, range);
        }
    }

    /** Milliseconds from {@code min} to {@link #MAX_MS}. */
    public long millis(String key, long min) {
        return whole(key, min, MAX_MS, "ms");
    }

    public int wholeInt(String key, int min, int max) {
        return (int) whole(key, min, max, "");
    }

    public double decimal(String key, double min, double max) {
        String s = text(key);
        String range = "must be a number from " + plain(min) + " to " + plain(max);
        try {
            double v = Double.parseDouble(s);
            if (!(v >= min && v <= max) || !s.matches("-?\\d+(\\.\\d+)?")) {
                throw bad(key, range);
            }
            return v;
        } catch (NumberFormatException e) {
            throw bad(key, range);
        }
    }

    private static String plain(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    /** One of the names of {@code values} (case ignored). */
    public <T> T oneOf(String key, Map<String, T> values) {
        T v = values.get(text(key).toLowerCase(Locale.ROOT));
        if (v == null) {
            throw bad(key, "must be one of " + String.join(", ", values.keySet()));
        }
        return v;
    }

    /** A folder: a valid path that, if it exists, is a folder. */
    public Path folder(String key) {
        Path p = path(key, required(key));
        if (Files.exists(p) && !Files.isDirectory(p)) {
            throw bad(key, "is a file, not a folder; name a folder (it is created when missing)");
        }
        return p;
    }

    /** Empty: null; else as {@link #folder}. */
    public Path optionalFolder(String key) {
        return text(key).isEmpty() ? null : folder(key);
    }

    /** Empty: null; else a valid path that is not a folder. */
    public Path optionalFile(String key) {
        String s = text(key);
        if (s.isEmpty()) {
            return null;
        }
        Path p = path(key, s);
        if (Files.isDirectory(p)) {
            throw bad(key, "is a folder; name a file");
        }
        return p;
    }

    /** An absolute http or https URL with a host; a trailing slash is dropped. */
    public String url(String key) {
        String s = required(key);
        try {
            URI u = new URI(s);
            if (("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme())) && u.getHost() != null) {
                return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
            }
        } catch (URISyntaxException e) {
            // refused below
        }
        throw bad(key, "must be an http:// or https:// URL with a host");
    }

    /** A value {@code parser} accepts; its {@link IllegalArgumentException} message says why not. */
    public <T> T parsed(String key, String expected, Function<String, T> parser) {
        String s = text(key);
        try {
            return parser.apply(s);
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? "" : " (" + e.getMessage().strip() + ")";
            throw bad(key, "must be " + expected + why);
        }
    }

    /** A refusal of the current value of {@code key}: {@code bad setting KEY='VALUE' (ORIGIN): WHY; default D}. */
    public SettingsException bad(String key, String why) {
        SettingSources.Value v = sources.get(key);
        String given = v == null ? "" : v.text().strip();
        String origin = v == null ? "" : " (" + v.origin() + ")";
        String fallback = sources.defaultValue(key);
        String suffix = fallback == null || fallback.equals(given) ? ""
                : "; default " + (fallback.isEmpty() ? "empty" : fallback);
        return new SettingsException(key, "bad setting " + key + "='" + given + "'" + origin + ": " + why + suffix);
    }

    private Path path(String key, String s) {
        try {
            return Path.of(s);
        } catch (InvalidPathException e) {
            throw bad(key, "is not a valid path (" + e.getReason() + ")");
        }
    }
}
