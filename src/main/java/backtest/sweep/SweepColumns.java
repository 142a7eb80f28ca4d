package backtest.sweep;

import backtest.config.BacktestConfigParser;
import features.Bars;
import features.indicators.IndicatorEngine;
import features.indicators.IndicatorKind;
import features.indicators.IndicatorSpec;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The indicator columns of a sweep's combinations over bars loaded once. A combination's indicators must be bit for
 * bit those of a standalone run of its config, which starts them at its own warm-up ({@code from}: where
 * {@link features.FeatureEngine} would start reading), not at the start of the shared load. Columns are cut to the
 * run's range and shared, read-only, between the combinations that need them:
 * <ul>
 * <li><b>EMA, one column per period</b> for the whole sweep (an ema_fast=2:41:1 x ema_slow=50:290:10 grid computes
 * 65 columns, not 2,000): computed from the earliest start any combination needing that period has. A combination
 * starting later uses it when its own EMA meets that column bit for bit by the first row it shows (the two
 * recursions differ only by their seeds, which fade; once equal they stay equal, {@link IndicatorEngine#emaMergeIndex}
 * checks it exactly); in the rare case they have not met yet, the combination gets a column of its own, as before.
 * Rows of the range still inside the combination's warm-up (a sweep starting where the stored history starts) are
 * NaN in its frame: the shared column is copied into a buffer of the worker ({@link Scratch}, reused from one
 * combination to the next) with those rows set to NaN.
 * <li><b>Other indicators</b> (RSI, CMF, MACD, ATR) are shared between combinations with the same periods and start
 * ({@link Key}; one per distinct warm-up start of the grid).
 * </ul>
 * Every column is computed by the first worker that needs it and dropped after its last planned use; a column needed
 * by one combination only is not kept at all. Memory is so bounded by the distinct EMA periods of the grid plus the
 * distinct (indicator, periods, start) keys in use at once, each one column of the range (86,400 doubles, 0.7 MB,
 * for two months of 1m), plus two range-long buffers per worker.
 */
final class SweepColumns {
    /** One non-EMA indicator's columns: its periods and the bar its computation starts at. */
    record Key(IndicatorKind kind, List<Integer> periods, int from) {
    }

    /** What a combination needs: its non-EMA keys, and its EMA periods with the start and warm-up of its spec. */
    record Plan(List<Key> keys, boolean ema, int emaFast, int emaSlow, int from, int emaWarmup) {
    }

    /** A worker's buffers: the EMA columns of a combination whose warm-up reaches into the range. Not shared. */
    static final class Scratch {
        private double[] fast = new double[0];
        private double[] slow = new double[0];
    }

    private final Bars bars;
    private final int rangeFrom;
    private final Map<Key, Integer> plannedUses = new HashMap<>();
    private final Map<Key, Shared> live = new ConcurrentHashMap<>();
    private final Map<Integer, Ema> emas = new ConcurrentHashMap<>();

    /** @param rangeFrom the first bar of the run's range (open time >= start) */
    SweepColumns(Bars bars, int rangeFrom) {
        this.bars = bars;
        this.rangeFrom = rangeFrom;
    }

    /** The plan of a config's indicators when its warm-up starts at bar {@code from}; plans one use of each. */
    Plan plan(IndicatorSpec spec, int from) {
        Map<String, Integer> periods = spec.periods();
        List<Key> keys = spec.enabled().stream().filter(k -> k != IndicatorKind.EMA).sorted().map(k -> new Key(k,
                BacktestConfigParser.periodKeys(k).stream().map(periods::get).toList(), from)).toList();
        keys.forEach(k -> plannedUses.merge(k, 1, Integer::sum));
        boolean ema = spec.has(IndicatorKind.EMA);
        int warmup = spec.warmupBars(IndicatorKind.EMA);
        if (ema) {
            emas.computeIfAbsent(spec.emaFast(), Ema::new).plan(from, warmup);
            emas.computeIfAbsent(spec.emaSlow(), Ema::new).plan(from, warmup);
        }
        return new Plan(keys, ema, spec.emaFast(), spec.emaSlow(), from, warmup);
    }

    /**
     * The frame columns (range rows only, schema order) of a planned combination; call {@link #release} when done.
     * The EMA columns may be {@code scratch}'s buffers: valid until the worker's next call.
     */
    Map<String, double[]> columns(Plan plan, IndicatorSpec spec, Scratch scratch) {
        Map<String, double[]> out = new LinkedHashMap<>();
        if (plan.ema()) {
            int n = bars.size() - rangeFrom;
            // rows of the range inside this combination's warm-up: NaN, as its standalone frame has them
            int masked = (int) Math.min(n, Math.max(0L, (long) plan.from() + plan.emaWarmup() - rangeFrom));
            if (masked > 0 && scratch.fast.length < n) {
                scratch.fast = new double[n];
                scratch.slow = new double[n];
            }
            out.put("ema_fast", emas.get(plan.emaFast()).column(plan.from(), plan.emaWarmup(), masked, scratch.fast));
            out.put("ema_slow", emas.get(plan.emaSlow()).column(plan.from(), plan.emaWarmup(), masked, scratch.slow));
        }
        for (Key k : plan.keys()) {
            out.putAll(plannedUses.get(k) == 1 ? compute(k, spec) : live.computeIfAbsent(k, x -> new Shared(plannedUses.get(x)))
                    .get(() -> compute(k, spec)));
        }
        return out;
    }

    void release(Plan plan) {
        for (Key k : plan.keys()) {
            Shared s = live.get(k);
            if (s != null && s.remaining.decrementAndGet() == 0) {
                live.remove(k);
            }
        }
        if (plan.ema()) {
            emas.get(plan.emaFast()).release();
            emas.get(plan.emaSlow()).release();
        }
    }

    /** EMA columns computed so far (shared ones and a combination's own): for tests. */
    int emaComputations() {
        return emas.values().stream().mapToInt(e -> e.computations.get()).sum();
    }

    private Map<String, double[]> compute(Key k, IndicatorSpec spec) {
        IndicatorSpec one = IndicatorSpec.of(EnumSet.of(k.kind())).withPeriods(spec.periods());
        Map<String, double[]> cut = new LinkedHashMap<>();
        IndicatorEngine.compute(bars, k.from(), one).forEach((name, v) ->
                cut.put(name, Arrays.copyOfRange(v, rangeFrom - k.from(), v.length)));
        return cut;
    }

    /**
     * The EMA column of one period for the whole sweep: planned uses (start, warm-up), computed once from the
     * earliest start on first use, then which later starts meet it in time; dropped after the last use.
     */
    private final class Ema {
        private final int period;
        /** start -> the largest warm-up planned with it; then (computed) start -> the bar it meets the column at. */
        private final TreeMap<Integer, Integer> starts = new TreeMap<>();
        private final Map<Integer, Integer> merge = new HashMap<>();
        private final AtomicInteger computations = new AtomicInteger();
        private int remaining;
        private double[] range; // the shared column, range rows, unmasked; null until the first use, after the last

        Ema(int period) {
            this.period = period;
        }

        /** Planning is single-threaded (before any worker starts). */
        void plan(int from, int warmup) {
            starts.merge(from, warmup, Math::max);
            remaining++;
        }

        /** The column a combination starting at {@code from} shows; {@code buffer} holds it when rows are masked. */
        double[] column(int from, int warmup, int masked, double[] buffer) {
            double[] shared;
            int m;
            synchronized (this) {
                if (range == null) {
                    compute();
                }
                shared = range;
                m = merge.get(from);
            }
            double[] values;
            if (m >= 0 && m <= Math.max(rangeFrom, from + warmup)) {
                if (masked == 0) {
                    return shared; // as it is: read-only
                }
                values = buffer; // the worker's own: copied outside the lock
                System.arraycopy(shared, masked, values, masked, shared.length - masked);
            } else { // this start has not met the shared column by its first shown row: a column of its own
                double[] own = IndicatorEngine.emaUnmasked(bars, from, period);
                computations.incrementAndGet();
                values = Arrays.copyOfRange(own, rangeFrom - from, own.length);
            }
            Arrays.fill(values, 0, masked, Double.NaN);
            return values;
        }

        private void compute() {
            int first = starts.firstKey();
            double[] all = IndicatorEngine.emaUnmasked(bars, first, period);
            computations.incrementAndGet();
            range = Arrays.copyOfRange(all, rangeFrom - first, all.length);
            for (Map.Entry<Integer, Integer> s : starts.entrySet()) {
                int start = s.getKey();
                // a later start must meet the column by the first row it shows: its first unmasked row of the range
                int needed = Math.max(rangeFrom, start + s.getValue());
                merge.put(start, start == first ? start
                        : IndicatorEngine.emaMergeIndex(bars, start, period, all, first, needed + 1));
            }
        }

        synchronized void release() {
            if (--remaining == 0) {
                range = null;
                merge.clear();
            }
        }
    }

    /** A value computed once, by whichever worker asks first, and counted down by the uses left. */
    private static final class Shared {
        final AtomicInteger remaining;
        private Map<String, double[]> value;

        Shared(int uses) {
            remaining = new AtomicInteger(uses);
        }

        synchronized Map<String, double[]> get(java.util.function.Supplier<Map<String, double[]>> compute) {
            if (value == null) {
                value = compute.get();
            }
            return value;
        }
    }
}
