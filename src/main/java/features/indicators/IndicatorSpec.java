package features.indicators;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which indicators a run computes and their periods. Defaults: EMA 12/26, RSI 14, CMF 20, MACD 12/26/9, ATR 14.
 * Periods are always validated (> 0, ema_fast < ema_slow, macd_fast < macd_slow), enabled or not.
 *
 * <p>Warm-up ({@link #warmupBars(IndicatorKind)}): the number of leading bars whose value is NaN in ta4j or still
 * depends on where the series started by more than 1e-9 relative (see {@link Smoothing}):
 * <ul>
 * <li>EMA: {@code emaWarmup(ema_slow)} = slow + decay(2/(slow+1)) (the slower of the two columns; 386 for 26);
 * <li>RSI: {@code rsi + decay(1/rsi)} (Wilder MMA of gains and losses; 387 for 14);
 * <li>CMF: {@code cmf - 1} (a plain window: the first full window is warm; 19 for 20);
 * <li>MACD: {@code max(emaWarmup(macd_slow), macd_signal) + decay(2/(macd_signal+1))} for all three columns: the
 * signal EMA starts fading its seed only once the MACD line it averages is warm (386 + 124 = 510 for 12/26/9);
 * <li>ATR: {@code atr + decay(1/atr)} (Wilder MMA of the true range; 387 for 14).
 * </ul>
 */
public record IndicatorSpec(Set<IndicatorKind> enabled, int emaFast, int emaSlow, int rsi, int cmf, int macdFast,
                            int macdSlow, int macdSignal, int atr) {
    /** Period keys accepted by {@link #withPeriods(Map)}, in the order of the record's components. */
    public static final List<String> PERIOD_KEYS =
            List.of("ema_fast", "ema_slow", "rsi", "cmf", "macd_fast", "macd_slow", "macd_signal", "atr");

    public IndicatorSpec {
        enabled = enabled.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(enabled));
        int[] p = {emaFast, emaSlow, rsi, cmf, macdFast, macdSlow, macdSignal, atr};
        for (int i = 0; i < p.length; i++) {
            if (p[i] <= 0) {
                throw new IllegalArgumentException("period " + PERIOD_KEYS.get(i) + " must be > 0, was " + p[i]);
            }
        }
        if (emaFast >= emaSlow) {
            throw new IllegalArgumentException("ema_fast (" + emaFast + ") must be < ema_slow (" + emaSlow + ")");
        }
        if (macdFast >= macdSlow) {
            throw new IllegalArgumentException("macd_fast (" + macdFast + ") must be < macd_slow (" + macdSlow + ")");
        }
    }

    /** Every indicator, default periods. */
    public static IndicatorSpec defaults() {
        return of(EnumSet.allOf(IndicatorKind.class));
    }

    /** The given indicators with default periods. */
    public static IndicatorSpec of(Set<IndicatorKind> enabled) {
        return new IndicatorSpec(enabled, 12, 26, 14, 20, 12, 26, 9, 14);
    }

    /** Parses {@code --indicators} ("ema,rsi,cmf"), default periods; refuses empty lists and unknown names. */
    public static IndicatorSpec parse(String csvList) {
        if (csvList == null || csvList.isBlank()) {
            throw new IllegalArgumentException("no indicators given (choose from ema, rsi, cmf, macd, atr)");
        }
        EnumSet<IndicatorKind> kinds = EnumSet.noneOf(IndicatorKind.class);
        for (String name : csvList.split(",", -1)) {
            if (name.isBlank()) {
                throw new IllegalArgumentException("empty indicator name in '" + csvList + "'");
            }
            kinds.add(IndicatorKind.parse(name));
        }
        return of(kinds);
    }

    /** A copy with some periods replaced; keys are {@link #PERIOD_KEYS}, unknown keys are refused. */
    public IndicatorSpec withPeriods(Map<String, Integer> overrides) {
        Map<String, Integer> p = new LinkedHashMap<>(periods());
        for (Map.Entry<String, Integer> e : overrides.entrySet()) {
            if (!p.containsKey(e.getKey())) {
                throw new IllegalArgumentException("unknown period '" + e.getKey() + "' (one of " + PERIOD_KEYS + ")");
            }
            p.put(e.getKey(), e.getValue());
        }
        return new IndicatorSpec(enabled, p.get("ema_fast"), p.get("ema_slow"), p.get("rsi"), p.get("cmf"),
                p.get("macd_fast"), p.get("macd_slow"), p.get("macd_signal"), p.get("atr"));
    }

    /** Period key -> value, in {@link #PERIOD_KEYS} order. */
    public Map<String, Integer> periods() {
        int[] p = {emaFast, emaSlow, rsi, cmf, macdFast, macdSlow, macdSignal, atr};
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < p.length; i++) {
            m.put(PERIOD_KEYS.get(i), p[i]);
        }
        return m;
    }

    public boolean has(IndicatorKind kind) {
        return enabled.contains(kind);
    }

    /** Output columns of the enabled indicators: ema_fast, ema_slow, rsi, cmf, macd, macd_signal, macd_hist, atr. */
    public List<String> columns() {
        List<String> cols = new ArrayList<>();
        for (IndicatorKind k : IndicatorKind.values()) {
            if (has(k)) {
                cols.addAll(k.columns());
            }
        }
        return List.copyOf(cols);
    }

    /** Leading bars of {@code kind}'s columns that are NaN (see the class comment), enabled or not. */
    public int warmupBars(IndicatorKind kind) {
        return switch (kind) {
            case EMA -> Math.max(Smoothing.emaWarmup(emaFast), Smoothing.emaWarmup(emaSlow));
            case RSI -> Smoothing.mmaWarmup(rsi);
            case CMF -> cmf - 1;
            case MACD -> Math.max(Math.max(Smoothing.emaWarmup(macdFast), Smoothing.emaWarmup(macdSlow)), macdSignal)
                    + Smoothing.decayBars(Smoothing.emaAlpha(macdSignal));
            case ATR -> Smoothing.mmaWarmup(atr);
        };
    }

    /** History a range needs before its first row so that row is warm: the max over the enabled indicators. */
    public int warmupBars() {
        int w = 0;
        for (IndicatorKind k : enabled) {
            w = Math.max(w, warmupBars(k));
        }
        return w;
    }
}
