package features;

import features.indicators.Ta4jIndicators;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import storage.KlineColumns;
import storage.KlineParquet;
import storage.KlineStore;

/**
 * The spot check behind {@code features sample}: picks random warm rows of a frame and recomputes each value
 * independently — OHLCV straight from the stored 1m rows of the bucket (not through the aggregator), indicators
 * with ta4j over the history ending at that row (not through the fast engine) — and compares them.
 */
final class FeatureSampler {
    static final double TOLERANCE = 1e-9;

    private final KlineStore store;
    private final DataSource source;
    /** Month files already read by this check (sampled rows often share months). */
    private final Map<YearMonth, KlineColumns> months = new java.util.HashMap<>();

    FeatureSampler(KlineStore store, DataSource source) {
        this.store = store;
        this.source = source;
    }

    FeatureResult.Sampled sample(FeatureFrame frame, int n, long seed) throws IOException {
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < frame.size(); i++) {
            if (!frame.bars().filled(i) && warm(frame, i)) {
                candidates.add(i);
            }
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        TreeSet<Integer> picked = new TreeSet<>();
        while (picked.size() < Math.min(n, candidates.size())) {
            picked.add(candidates.get(rnd.nextInt(candidates.size())));
        }
        List<FeatureResult.Check> checks = new ArrayList<>();
        for (int i : picked) {
            checkOhlcv(frame, i, checks);
            checkIndicators(frame, i, checks);
        }
        long bad = checks.stream().filter(c -> !c.ok()).count();
        return new FeatureResult.Sampled(checks, bad, picked.size());
    }

    private static boolean warm(FeatureFrame frame, int i) {
        for (double[] col : frame.columns().values()) {
            if (Double.isNaN(col[i])) {
                return false;
            }
        }
        return true;
    }

    /** OHLCV of the bucket from the raw 1m rows in the month files. */
    private void checkOhlcv(FeatureFrame frame, int i, List<FeatureResult.Check> checks) {
        Bars b = frame.bars();
        long from = b.openTime[i];
        long to = from + b.interval.millis();
        double open = Double.NaN;
        double high = Double.NEGATIVE_INFINITY;
        double low = Double.POSITIVE_INFINITY;
        double close = Double.NaN;
        double volume = 0;
        for (YearMonth m = month(from); !m.isAfter(month(to - 1)); m = m.plusMonths(1)) {
            KlineColumns rows = months.computeIfAbsent(m, month -> read(store.monthFile(month)));
            for (int k = 0; k < rows.size(); k++) {
                long t = rows.openTime[k];
                if (t >= from && t < to) {
                    open = Double.isNaN(open) ? rows.open[k] : open;
                    high = Math.max(high, rows.high[k]);
                    low = Math.min(low, rows.low[k]);
                    close = rows.close[k];
                    volume += rows.volume[k];
                }
            }
        }
        Instant ts = Instant.ofEpochMilli(from);
        checks.add(check(ts, "open", b.open[i], open));
        checks.add(check(ts, "high", b.high[i], high));
        checks.add(check(ts, "low", b.low[i], low));
        checks.add(check(ts, "close", b.close[i], close));
        checks.add(check(ts, "volume", b.volume[i], volume));
    }

    /** Indicators with ta4j over bars ending at the row, starting a warm-up (and margin) earlier. */
    private void checkIndicators(FeatureFrame frame, int i, List<FeatureResult.Check> checks) throws IOException {
        FeatureSpec spec = frame.spec();
        long t = frame.bars().openTime[i];
        long warm = (long) Math.ceil(spec.indicators().warmupBars() * 1.25) + 1;
        Bars history = source.fetchOhlcv(spec.interval(), Instant.ofEpochMilli(t - warm * spec.interval().millis()),
                Instant.ofEpochMilli(t + spec.interval().millis()));
        Map<String, double[]> reference = Ta4jIndicators.compute(history, spec.indicators());
        int last = history.size() - 1;
        for (Map.Entry<String, double[]> e : frame.columns().entrySet()) {
            double[] ref = reference.get(e.getKey());
            double expected = last >= 0 && history.openTime[last] == t ? ref[last] : Double.NaN;
            if (e.getKey().equals("cmf") && Double.isNaN(expected) && flatBarIn(history, last, spec.indicators().cmf())) {
                // ta4j 0.21.0 divides by zero on a bar with high == low and blanks the window; ours counts CLV 0
                checks.add(new FeatureResult.Check(Instant.ofEpochMilli(t), "cmf", e.getValue()[i], null, true,
                        "waived: ta4j has no value when a bar in the window has high == low"));
                continue;
            }
            checks.add(check(Instant.ofEpochMilli(t), e.getKey(), e.getValue()[i], expected));
        }
    }

    private static FeatureResult.Check check(Instant ts, String column, double value, double recomputed) {
        boolean ok = !Double.isNaN(recomputed)
                && Math.abs(value - recomputed) <= TOLERANCE * Math.max(1.0, Math.abs(recomputed));
        return new FeatureResult.Check(ts, column, value, Double.isNaN(recomputed) ? null : recomputed, ok, null);
    }

    private static boolean flatBarIn(Bars bars, int last, int period) {
        for (int k = Math.max(0, last - period + 1); k <= last; k++) {
            if (bars.high[k] == bars.low[k]) {
                return true;
            }
        }
        return false;
    }

    private static YearMonth month(long ms) {
        return YearMonth.from(Instant.ofEpochMilli(ms).atZone(ZoneOffset.UTC));
    }

    private static KlineColumns read(Path file) {
        try {
            return Files.exists(file) ? KlineParquet.read(file) : new KlineColumns(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
