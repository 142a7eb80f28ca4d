package runs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The window of a run ({@code start}, {@code end}: instants, end exclusive) read from its resolved config - the job's
 * or the run folder's config.yaml, where both are top-level keys written as instants - so a list of runs can show
 * and sort by it without parsing whole configs.
 */
public final class RunWindow {
    private static final Pattern KEY = Pattern.compile("(?m)^(start|end):\\s*(\\S+)\\s*$");

    private RunWindow() {
    }

    /** {@code {start, end}} of a resolved config's text, or null when it names neither. */
    public static Map<String, String> of(String resolvedYaml) {
        if (resolvedYaml == null) {
            return null;
        }
        String start = null;
        String end = null;
        Matcher m = KEY.matcher(resolvedYaml);
        while (m.find()) {
            if (m.group(1).equals("start") && start == null) {
                start = m.group(2);
            } else if (m.group(1).equals("end") && end == null) {
                end = m.group(2);
            }
        }
        if (start == null || end == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>(); // start before end in every JVM
        out.put("start", start);
        out.put("end", end);
        return out;
    }

    /** The window of a run folder (its config.yaml), or null when it cannot be read. */
    public static Map<String, String> ofFolder(Path folder) {
        try {
            return of(Files.readString(folder.resolve("config.yaml")));
        } catch (IOException | RuntimeException e) {
            return null; // removed or being replaced meanwhile
        }
    }
}
