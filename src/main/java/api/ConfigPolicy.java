package api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Where a config posted to the API may read and write: {@code output_dir} and {@code strategy.from_run} inside the
 * runs folder, {@code strategy.llm.cache_dir} inside the LLM cache folder. A path is read as the CLI reads it
 * (relative to the service's working folder {@code base}); an absolute path, a {@code ..} segment, or a path that
 * leaves its folder through a link is refused (400, naming the key). The LLM server and its key are the service's:
 * {@code strategy.llm.base_url} and {@code api_key_env} may only repeat the service's own values, so a posted config
 * cannot send the key elsewhere.
 */
public record ConfigPolicy(Path base, Path runsDir, Path llmCacheDir, String llmBaseUrl, String llmApiKeyEnv) {

    /** {@code text} (the value of {@code key}) if it names a place inside {@code root}; else the refusal. */
    public String inside(String key, String text, Path root) {
        Path given;
        try {
            given = Path.of(text);
        } catch (InvalidPathException e) {
            throw refuse(key, "'" + Printable.of(text) + "' is not a path");
        }
        if (given.isAbsolute() || text.startsWith("/") || text.startsWith("\\")) {
            throw refuse(key, "absolute paths are not accepted here ('" + Printable.of(text) + "'); give a path relative"
                    + " to the service's folder, inside " + root);
        }
        for (Path part : given) {
            if (part.toString().equals("..")) {
                throw refuse(key, "'..' is not accepted in paths ('" + Printable.of(text) + "')");
            }
        }
        Path rootAbs = absolute(root);
        Path target = base.resolve(given).toAbsolutePath().normalize();
        if (!target.startsWith(rootAbs)) {
            throw refuse(key, "'" + Printable.of(text) + "' is outside " + root);
        }
        if (!insideThroughLinks(rootAbs, target)) {
            throw refuse(key, "'" + Printable.of(text) + "' leads out of " + root + " through a link");
        }
        return text;
    }

    /** {@code value} if it equals the service's own setting {@code own}; else the refusal. */
    public String same(String key, String value, String own, String setting) {
        if (!value.equals(own)) {
            throw refuse(key, "set by the service (" + setting + "); a posted config may leave it out or repeat it");
        }
        return value;
    }

    Path absolute(Path p) {
        return base.resolve(p).toAbsolutePath().normalize();
    }

    /** The deepest existing folder on the way to {@code target}, links followed, is still inside {@code root}. */
    private static boolean insideThroughLinks(Path root, Path target) {
        try {
            Path realRoot = Files.exists(root) ? root.toRealPath() : root;
            for (Path p = target; p != null && p.startsWith(root); p = p.getParent()) {
                if (Files.exists(p) || Files.isSymbolicLink(p)) {
                    return Files.exists(p) && p.toRealPath().startsWith(realRoot);
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static ApiException refuse(String key, String why) {
        return new ApiException(Problem.Kind.PATH_NOT_ALLOWED.at("key", key, key + ": " + why));
    }
}
