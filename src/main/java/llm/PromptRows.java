package llm;

import backtest.DecisionContext;
import backtest.Series;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The feature rows of an LLM decision's prompt read in place from the run's frame: the same text as
 * {@code PromptBuilder.features(LlmStrategy.perInterval(ctx.window(window * stride), stride, window))} - header, then
 * one line per decision interval, oldest first - without copying the window twice. The rows are read through the
 * context's {@link Series} (a later row would throw, as for any strategy), and each interval's line is formatted once
 * per run: consecutive decisions share all their rows but one, so a decision formats one new line and copies the
 * others.
 *
 * <p>A line is keyed by its interval's first and last frame rows (the first interval of a window may hold fewer bars
 * than the same interval in another window where the frame has gaps: then its line is made again). For decisions
 * whose window reaches before the frame's first row the strategy takes rows from the store instead ({@link #covers}).
 */
final class PromptRows {
    private record Line(int first, String text) {
    }

    private final int window;
    private final int stride;
    private final Map<Integer, Line> lines = new HashMap<>();
    private final int[] firsts;
    private final int[] lasts;
    private final StringBuilder text = new StringBuilder(4096);
    private final StringBuilder line = new StringBuilder(256);
    private DecisionContext ctx;
    private Series open;
    private Series high;
    private Series low;
    private Series close;
    private Series volume;
    private Series[] columns;
    private String header;
    private long every;
    /** The last window's first and last interval start (epoch ms) and its number of rows. */
    long fromTs;
    long toTs;
    int rows;

    PromptRows(int window, int stride) {
        this.window = window;
        this.stride = Math.max(1, stride);
        this.firsts = new int[window];
        this.lasts = new int[window];
    }

    /** Starts a run: {@code ctx} is the context every decision of it gets; lines of a former run are dropped. */
    void begin(DecisionContext ctx) {
        this.ctx = ctx;
        lines.clear();
        open = ctx.series("open");
        high = ctx.series("high");
        low = ctx.series("low");
        close = ctx.series("close");
        volume = ctx.series("volume");
        List<String> names = ctx.columns();
        columns = new Series[names.size()];
        for (int k = 0; k < columns.length; k++) {
            columns[k] = ctx.series(names.get(k));
        }
        header = PromptBuilder.header(new StringBuilder(), names).toString();
        every = stride * ctx.spec().interval().millis();
    }

    /** {@link #begin} unless {@code ctx} is the context this run began with (a strategy driven without begin). */
    void use(DecisionContext ctx) {
        if (ctx != this.ctx) {
            begin(ctx);
        }
    }

    /** Whether the frame holds the whole window of the current decision (else its rows come from the store). */
    boolean covers() {
        return ctx.index() + 1 >= window * stride;
    }

    /**
     * The rows' text of the current decision (valid until the next call); {@link #fromTs}, {@link #toTs} and
     * {@link #rows} describe it. Only when {@link #covers}.
     */
    CharSequence text() {
        int end = ctx.index();
        int start = end + 1 - window * stride;
        // the intervals, newest first: maximal runs of rows in one interval (as perInterval groups them), the last
        // `window` of them within [start, end]
        int g = 0;
        int last = end;
        while (g < window && last >= start) {
            long bucket = Math.floorDiv(ctx.time(last), every);
            int first = last;
            while (first > start && Math.floorDiv(ctx.time(first - 1), every) == bucket) {
                first--;
            }
            firsts[g] = first;
            lasts[g] = last;
            g++;
            last = first - 1;
        }
        if (lines.size() > 4 * window + 16) {
            lines.keySet().removeIf(k -> k < start); // intervals no later window reaches
        }
        text.setLength(0);
        text.append(header);
        for (int k = g - 1; k >= 0; k--) {
            Line l = lines.get(lasts[k]);
            if (l == null || l.first != firsts[k]) {
                l = new Line(firsts[k], line(firsts[k], lasts[k]));
                lines.put(lasts[k], l);
            }
            text.append(l.text);
        }
        fromTs = Math.floorDiv(ctx.time(firsts[g - 1]), every) * every;
        toTs = Math.floorDiv(ctx.time(firsts[0]), every) * every;
        rows = g;
        return text;
    }

    /** One interval's line: as perInterval aggregates rows first..last and PromptBuilder.features prints the row. */
    private String line(int first, int last) {
        double h = high.get(first);
        double l = low.get(first);
        double v = 0;
        for (int i = first; i <= last; i++) {
            h = Math.max(h, high.get(i));
            l = Math.min(l, low.get(i));
            v += volume.get(i);
        }
        line.setLength(0);
        PromptBuilder.row(line, Math.floorDiv(ctx.time(first), every) * every, open.get(first), h, l, close.get(last),
                v);
        for (Series c : columns) {
            PromptBuilder.cell(line, c.get(last));
        }
        return line.append('\n').toString();
    }
}
