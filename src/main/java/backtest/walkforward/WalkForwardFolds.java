package backtest.walkforward;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The folds of a walk-forward validation inside a config's [start, end): fold k trains on [trainStart, trainEnd) and
 * is tested on the window right after it, [trainEnd, trainEnd + test). Windows move by {@code step} (by default the
 * test length, so the test windows tile without overlap); anchored, every train window starts at {@code start} and
 * grows. Only folds whose test window ends at or before {@code end} are made.
 */
public record WalkForwardFolds(Duration train, Duration test, Duration step, boolean anchored) {
    /** Most folds one walk-forward may make. */
    public static final int MAX_FOLDS = 1000;

    public WalkForwardFolds {
        for (Duration d : List.of(train, test, step)) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("--train, --test and --step must be positive, got " + d);
            }
        }
    }

    /** One fold: its index (from 0), train window and test window ([from, to) each). */
    public record Fold(int index, Instant trainStart, Instant trainEnd, Instant testStart, Instant testEnd) {
    }

    /** The folds in [start, end); IllegalArgumentException when not one fits (naming the lengths). */
    public List<Fold> folds(Instant start, Instant end) {
        List<Fold> out = new ArrayList<>();
        for (int k = 0; ; k++) {
            Instant shift = start.plus(step.multipliedBy(k));
            Instant trainEnd = shift.plus(train);
            Instant testEnd = trainEnd.plus(test);
            if (testEnd.isAfter(end)) {
                break;
            }
            if (out.size() == MAX_FOLDS) {
                throw new IllegalArgumentException("more than " + MAX_FOLDS + " folds: take a longer --step");
            }
            out.add(new Fold(k, anchored ? start : shift, trainEnd, trainEnd, testEnd));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("--train " + text(train) + " + --test " + text(test)
                    + " do not fit in the config's window " + start + " .. " + end);
        }
        return out;
    }

    /** The fold spec as text (part of the walk-forward id). */
    public String describe() {
        return "train=" + text(train) + " test=" + text(test) + " step=" + text(step) + " anchored=" + anchored;
    }

    /** {@code 30d}, {@code 12h}, {@code 90m}, {@code 2w}: a positive whole number and a unit. */
    public static Duration parse(String option, String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (!v.matches("[0-9]{1,6}[mhdw]")) {
            throw new IllegalArgumentException(option + ": expected a length like 30d, 12h, 90m or 2w, got '" + value + "'");
        }
        long n = Long.parseLong(v.substring(0, v.length() - 1));
        Duration d = switch (v.charAt(v.length() - 1)) {
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            case 'd' -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
        if (d.isZero()) {
            throw new IllegalArgumentException(option + ": must be positive, got '" + value + "'");
        }
        return d;
    }

    static String text(Duration d) {
        long m = d.toMinutes();
        return m % 1440 == 0 ? m / 1440 + "d" : m % 60 == 0 ? m / 60 + "h" : m + "m";
    }
}
