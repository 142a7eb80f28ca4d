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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The indicator columns of a sweep's combinations over bars loaded once. A combination's indicator is computed from
 * the bar its own warm-up starts at (where {@link features.FeatureEngine} would start reading for that config), not
 * from the start of the shared load, so its values - and so its run - are bit for bit those of a standalone run.
 * Columns are cut to the run's range and shared between the combinations that need the same indicator, periods and
 * start ({@link Key}): computed once by the first to ask, dropped after the last planned use, never kept when only
 * one combination needs them (each distinct EMA pair of an ema_fast x ema_slow grid is needed once; RSI and CMF by
 * many).
 */
final class SweepColumns {
    /** One indicator's columns: its periods and the bar its computation starts at. */
    record Key(IndicatorKind kind, List<Integer> periods, int from) {
    }

    private final Bars bars;
    private final int rangeFrom;
    private final Map<Key, Integer> plannedUses = new HashMap<>();
    private final Map<Key, Shared> live = new ConcurrentHashMap<>();

    /** @param rangeFrom the first bar of the run's range (open time >= start) */
    SweepColumns(Bars bars, int rangeFrom) {
        this.bars = bars;
        this.rangeFrom = rangeFrom;
    }

    /** The keys of a config's indicators when its warm-up starts at bar {@code from}; plans one use of each. */
    List<Key> plan(IndicatorSpec spec, int from) {
        Map<String, Integer> periods = spec.periods();
        List<Key> keys = spec.enabled().stream().sorted().map(k -> new Key(k,
                BacktestConfigParser.periodKeys(k).stream().map(periods::get).toList(), from)).toList();
        keys.forEach(k -> plannedUses.merge(k, 1, Integer::sum));
        return keys;
    }

    /** The frame columns (range rows only, schema order) for planned keys; call {@link #release} when done. */
    Map<String, double[]> columns(List<Key> keys, IndicatorSpec spec) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Key k : keys) {
            out.putAll(plannedUses.get(k) == 1 ? compute(k, spec) : live.computeIfAbsent(k, x -> new Shared(plannedUses.get(x)))
                    .get(() -> compute(k, spec)));
        }
        return out;
    }

    void release(List<Key> keys) {
        for (Key k : keys) {
            Shared s = live.get(k);
            if (s != null && s.remaining.decrementAndGet() == 0) {
                live.remove(k);
            }
        }
    }

    private Map<String, double[]> compute(Key k, IndicatorSpec spec) {
        IndicatorSpec one = IndicatorSpec.of(EnumSet.of(k.kind())).withPeriods(spec.periods());
        Map<String, double[]> cut = new LinkedHashMap<>();
        IndicatorEngine.compute(bars, k.from(), one).forEach((name, v) ->
                cut.put(name, Arrays.copyOfRange(v, rangeFrom - k.from(), v.length)));
        return cut;
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
