package settings;

import java.nio.file.Path;
import java.util.List;

/**
 * Logging of the process ({@code app.log.*}).
 *
 * @param level  root log level: {@code trace}, {@code debug}, {@code info}, {@code warn}, {@code error} or {@code off}
 * @param file   a file every log line is appended to as well (besides stderr), or null for none
 * @param format {@code plain} (an ISO-8601 UTC time stamp, level, logger, message) or {@code json} (one JSON object
 *               per line)
 */
public record LogSettings(String level, Path file, String format) {
    public static final List<String> LEVELS = List.of("trace", "debug", "info", "warn", "error", "off");
    public static final List<String> FORMATS = List.of("plain", "json");

    public LogSettings {
        if (!LEVELS.contains(level) || !FORMATS.contains(format)) {
            throw new IllegalArgumentException("log level must be one of " + LEVELS + " and format one of " + FORMATS
                    + ", got " + level + " / " + format);
        }
    }

    public boolean json() {
        return format.equals("json");
    }
}
