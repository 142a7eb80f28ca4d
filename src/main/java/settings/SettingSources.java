package settings;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Where {@code app.*} settings come from, lowest precedence first: the bundled defaults
 * ({@code application.properties}), a settings file, environment variables ({@code APP_DATA_DIR} for
 * {@code app.data.dir}; looked up for known keys only, so other {@code APP_*} variables are ignored), {@code -D}
 * system properties, and values given in code. Immutable: each {@code with...} answers a copy with one more layer on
 * top.
 */
public final class SettingSources {
    public static final String PREFIX = "app.";
    public static final String DEFAULTS = "application.properties";
    public static final String SYSTEM_PROPERTY = "-D system property";

    /** A value as given (untrimmed) and where it came from, e.g. {@code environment variable APP_DATA_DIR}. */
    public record Value(String text, String origin) {
    }

    private record Layer(String origin, Map<String, String> values, boolean environment) {
        Value get(String key) {
            String name = environment ? envName(key) : key;
            String v = values.get(name);
            return v == null ? null : new Value(v, environment ? origin + " " + name : origin);
        }
    }

    private final List<Layer> layers;

    private SettingSources(List<Layer> layers) {
        this.layers = List.copyOf(layers);
    }

    /** The bundled {@code application.properties} (its {@code app.*} keys) alone. */
    public static SettingSources defaults() {
        try (InputStream in = SettingSources.class.getClassLoader().getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS + " is missing from the class path");
            }
            Properties p = new Properties();
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            return new SettingSources(List.of(new Layer(DEFAULTS, appKeys(p), false)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DEFAULTS, e);
        }
    }

    /** Defaults, environment, system properties and {@code overrides} (given in code: tests, the CLI's resolved values). */
    public static SettingSources standard(Map<String, String> overrides) {
        return defaults().withEnvironment(System.getenv()).withSystemProperties(System.getProperties())
                .with("given in code", overrides);
    }

    /** With a properties file of {@code app.*} settings on top; an unreadable file is refused as a setting error. */
    public SettingSources withFile(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            throw new SettingsException("", "settings file " + file + ": no such file");
        } catch (IOException | IllegalArgumentException e) {
            throw new SettingsException("", "settings file " + file + ": cannot be read as properties (" + e.getMessage()
                    + ")");
        }
        Map<String, String> values = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k)));
        return with("settings file " + file, values);
    }

    public SettingSources withEnvironment(Map<String, String> env) {
        return plus(new Layer("environment variable", Map.copyOf(env), true));
    }

    public SettingSources withSystemProperties(Properties system) {
        return with(SYSTEM_PROPERTY, appKeys(system));
    }

    public SettingSources with(String origin, Map<String, String> values) {
        return plus(new Layer(origin, Map.copyOf(values), false));
    }

    private SettingSources plus(Layer layer) {
        List<Layer> more = new ArrayList<>(layers);
        more.add(layer);
        return new SettingSources(more);
    }

    /** The value of the highest layer that has the key, or null. */
    public Value get(String key) {
        for (int i = layers.size() - 1; i >= 0; i--) {
            Value v = layers.get(i).get(key);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** The bundled default of a key, or null. */
    public String defaultValue(String key) {
        Value v = layers.get(0).get(key);
        return v == null ? null : v.text().strip();
    }

    /**
     * Refuses the first key that is not one of {@code known}: any key of a settings file or of code, and {@code app.*}
     * keys of the defaults and system properties (environment variables are only looked up, never listed). Layers of
     * higher precedence are checked first; the message names the closest known key when one is near.
     */
    public void requireKnown(Collection<String> known) {
        for (int i = layers.size() - 1; i >= 0; i--) {
            Layer layer = layers.get(i);
            if (layer.environment()) {
                continue;
            }
            for (String key : new TreeMap<>(layer.values()).keySet()) {
                if (!known.contains(key)) {
                    throw new SettingsException(key, "unknown setting " + key + " (" + layer.origin() + "): "
                            + ClosestKey.of(key, known).map(k -> "did you mean " + k + "?")
                            .orElse("no such key; the settings are listed in application.properties and README "
                                    + "(Configuration)"));
                }
            }
        }
    }

    /** {@code app.data.dir} -> {@code APP_DATA_DIR}: upper case, dots and dashes as underscores. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static Map<String, String> appKeys(Properties p) {
        Map<String, String> values = new TreeMap<>();
        for (String k : p.stringPropertyNames()) {
            if (k.startsWith(PREFIX)) {
                values.put(k, p.getProperty(k));
            }
        }
        return values;
    }
}
