package backtest.plugin;

import backtest.Strategy;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Every strategy a config can name, found with {@link ServiceLoader}: the built-ins (this jar's
 * {@code META-INF/services/backtest.plugin.StrategyPlugin}) first, then one jar after another (by file name) of the
 * plug-ins folder ({@code app.plugins.dir}), each in a class loader of its own. The one list everything else reads:
 * config validation, the API's allowed values, the CLI help and the sweep's parameter names.
 *
 * <p>A plug-in jar that cannot be loaded, holds no plug-in, or names a strategy already taken is refused in one line
 * naming the jar ({@link IllegalStateException}), at start-up.
 */
public final class StrategyRegistry {
    /** Where the built-ins come from, in {@link #source}. */
    public static final String BUILT_IN = "built-in";
    private static final Set<String> COMMON_KEYS = Set.of("type", "decision_every", "size_pct");
    private static final Map<String, StrategyRegistry> BY_DIR = new LinkedHashMap<>();
    private static StrategyRegistry global;

    private final Map<String, StrategyPlugin> plugins;
    private final Map<String, String> sources;

    private StrategyRegistry(Map<String, StrategyPlugin> plugins, Map<String, String> sources) {
        this.plugins = Collections.unmodifiableMap(plugins);
        this.sources = Collections.unmodifiableMap(sources);
    }

    /**
     * The registry of this process: built-ins plus the jars of {@link #useDir} or, until that is called, of the
     * system property {@code app.plugins.dir} (empty: built-ins only).
     */
    public static synchronized StrategyRegistry global() {
        if (global == null) {
            global = forDir(System.getProperty("app.plugins.dir", ""));
        }
        return global;
    }

    /** Makes the registry of {@code dir} (blank: built-ins only) the {@link #global} one; refuses a bad folder or jar. */
    public static synchronized void useDir(String dir) {
        global = forDir(dir);
    }

    private static StrategyRegistry forDir(String dir) {
        String key = dir == null ? "" : dir.strip();
        StrategyRegistry r = BY_DIR.get(key);
        if (r == null) {
            r = key.isEmpty() ? load(null) : load(Path.of(key));
            BY_DIR.put(key, r);
        }
        return r;
    }

    /** The built-ins plus the plug-in jars of {@code dir} (null: built-ins only). */
    public static StrategyRegistry load(Path dir) {
        Map<String, StrategyPlugin> plugins = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        ClassLoader app = StrategyRegistry.class.getClassLoader();
        for (StrategyPlugin p : ServiceLoader.load(StrategyPlugin.class, app)) {
            add(plugins, sources, p, BUILT_IN);
        }
        if (dir != null) {
            for (Path jar : jars(dir)) {
                loadJar(jar, app, plugins, sources);
            }
        }
        return new StrategyRegistry(plugins, sources);
    }

    private static List<Path> jars(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("app.plugins.dir: " + dir + " is not a folder");
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("app.plugins.dir: cannot list " + dir + ": " + e.getMessage());
        }
    }

    private static void loadJar(Path jar, ClassLoader parent, Map<String, StrategyPlugin> plugins,
                                Map<String, String> sources) {
        String name = jar.getFileName().toString();
        URL url;
        try {
            url = jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw refusal(jar, e.getMessage());
        }
        URLClassLoader loader = new URLClassLoader("plugin-" + name, new URL[] {url}, parent); // lives with the process
        int found = 0;
        try {
            for (ServiceLoader.Provider<StrategyPlugin> p : ServiceLoader.load(StrategyPlugin.class, loader).stream().toList()) {
                if (p.type().getClassLoader() != loader) {
                    continue; // a built-in seen through the parent
                }
                add(plugins, sources, p.get(), name);
                found++;
            }
        } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw refusal(jar, msg.startsWith("plug-in jar ") ? msg.substring(msg.indexOf(": ") + 2) : msg);
        }
        if (found == 0) {
            throw refusal(jar, "no strategy plug-in in it (META-INF/services/" + StrategyPlugin.class.getName()
                    + " missing or empty, or not a jar)");
        }
    }

    private static IllegalStateException refusal(Path jar, String why) {
        return new IllegalStateException("plug-in jar " + jar + ": " + why.lines().findFirst().orElse(""));
    }

    private static void add(Map<String, StrategyPlugin> plugins, Map<String, String> sources, StrategyPlugin p,
                            String source) {
        String name = p.name();
        if (name == null || !name.matches("[a-z][a-z0-9-]{0,39}")) {
            throw new IllegalStateException("plug-in jar " + source + ": strategy name must be lower-case letters, "
                    + "digits and '-' (at most 40), got '" + name + "'");
        }
        if (plugins.containsKey(name)) {
            throw new IllegalStateException("plug-in jar " + source + ": strategy name '" + name
                    + "' is already taken by " + (BUILT_IN.equals(sources.get(name)) ? "a built-in strategy"
                    : sources.get(name)) + " (" + plugins.get(name).getClass().getName() + ")");
        }
        Set<String> seen = new HashSet<>();
        for (ParamSpec s : p.parameters()) {
            if (COMMON_KEYS.contains(s.name()) || !seen.add(s.name())) {
                throw new IllegalStateException("plug-in jar " + source + ": strategy '" + name + "' declares parameter '"
                        + s.name() + "' " + (seen.contains(s.name()) && !COMMON_KEYS.contains(s.name()) ? "twice"
                        : "which every strategy has (type, decision_every, size_pct)"));
            }
        }
        plugins.put(name, p);
        sources.put(name, source);
    }

    /** The strategy names, built-ins first, in {@code strategy.type} order. */
    public List<String> names() {
        return List.copyOf(plugins.keySet());
    }

    /** The plug-in named {@code name}, or null. */
    public StrategyPlugin find(String name) {
        return name == null ? null : plugins.get(name);
    }

    /** {@link #BUILT_IN} or the jar's file name. */
    public String source(String name) {
        return sources.get(name);
    }

    /** The declared parameter {@code key} of the strategy {@code name}, or null. */
    public ParamSpec parameter(String name, String key) {
        StrategyPlugin p = find(name);
        return p == null ? null : p.parameters().stream().filter(s -> s.name().equals(key)).findFirst().orElse(null);
    }

    /** Every numeric parameter name of every sweepable strategy (what a sweep grid may name besides the config's own keys). */
    public List<String> numericParameters() {
        List<String> out = new ArrayList<>();
        for (StrategyPlugin p : plugins.values()) {
            if (!p.sweepable()) {
                continue;
            }
            p.parameters().stream().filter(ParamSpec::numeric).map(ParamSpec::name)
                    .filter(n -> !out.contains(n)).forEach(out::add);
        }
        return out;
    }

    /**
     * The per-run strategy of plug-in {@code name}: a plug-in from a jar runs guarded (warm-up, failures named with the
     * bar); a built-in as it is.
     */
    public Strategy create(String name, PluginParams params) {
        StrategyPlugin p = plugins.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no strategy '" + name + "' (have " + names() + ")");
        }
        if (BUILT_IN.equals(sources.get(name))) {
            return p.create(params);
        }
        Strategy s;
        int warmup;
        try {
            s = p.create(params);
            warmup = p.warmupBars(params);
        } catch (RuntimeException | LinkageError e) {
            throw new StrategyFailure(name, "before the first bar", "failed to start (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
        if (s == null) {
            throw new StrategyFailure(name, "before the first bar", "created no strategy (null)", null);
        }
        return new GuardedStrategy(name, s, warmup);
    }
}
