package api;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Where a backtest job is. A run folder made outside the queue (the CLI) counts as {@link #DONE}. */
public enum JobStatus {
    QUEUED, RUNNING, DONE, FAILED, CANCELLED;

    public static final Set<String> CODES = Arrays.stream(values()).map(JobStatus::code).collect(Collectors.toSet());

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobStatus of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }

    /** Queued or running: posting its config again joins it. */
    public boolean active() {
        return this == QUEUED || this == RUNNING;
    }
}
