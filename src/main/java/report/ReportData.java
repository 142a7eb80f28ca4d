package report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one backtest report shows. The series are parallel arrays over {@code ts} (epoch ms UTC, ascending);
 * {@code drawdownPct} runs from 0 down (e.g. -12.5 for a 12.5 % drawdown); an overlay value of NaN means "no value"
 * (indicator warm-up). Overlays are drawn in the map's iteration order, so pass a {@link LinkedHashMap}.
 * Arrays are not copied: the caller must not change them while a report renders.
 */
public record ReportData(String title, String subtitle, long[] ts, double[] close, double[] equity,
                         double[] buyHoldEquity, double[] drawdownPct, Map<String, double[]> overlays,
                         List<TradeMarker> markers, List<MetricRow> metrics, List<TradeRow> trades) {
    public ReportData {
        Objects.requireNonNull(title, "title");
        subtitle = subtitle == null ? "" : subtitle;
        Objects.requireNonNull(ts, "ts");
        int n = ts.length;
        requireLength("close", close, n);
        requireLength("equity", equity, n);
        requireLength("buyHoldEquity", buyHoldEquity, n);
        requireLength("drawdownPct", drawdownPct, n);
        overlays = Collections.unmodifiableMap(new LinkedHashMap<>(overlays == null ? Map.of() : overlays));
        overlays.forEach((name, values) -> requireLength("overlay " + name, values, n));
        for (int i = 1; i < n; i++) {
            if (ts[i] < ts[i - 1]) {
                throw new IllegalArgumentException("ts must ascend, but ts[" + i + "] < ts[" + (i - 1) + "]");
            }
        }
        markers = List.copyOf(markers == null ? List.of() : markers);
        metrics = List.copyOf(metrics == null ? List.of() : metrics);
        trades = List.copyOf(trades == null ? List.of() : trades);
    }

    public int size() {
        return ts.length;
    }

    private static void requireLength(String name, double[] values, int n) {
        Objects.requireNonNull(values, name);
        if (values.length != n) {
            throw new IllegalArgumentException(name + " has " + values.length + " values for " + n + " timestamps");
        }
    }
}
