package report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A seeded two-month 1m random walk with two EMAs and a handful of long round trips, enough to exercise every
 * part of the report. {@code main} writes it to a file for looking at it in a browser.
 */
final class SyntheticReport {
    static final long START = 1_704_067_200_000L; // 2024-01-01T00:00Z
    static final int MINUTES = 61 * 1440; // Jan + Feb 2024 = 87,840 bars
    static final int[][] ROUND_TRIPS = {{3_000, 9_000}, {15_000, 21_500}, {30_000, 33_000}, {41_000, 52_000},
        {60_000, 61_000}, {70_000, 86_000}};
    static final double FEE = 0.001;

    private SyntheticReport() {
    }

    static ReportData build(String note) {
        SplittableRandom random = new SplittableRandom(42);
        long[] ts = new long[MINUTES];
        double[] close = new double[MINUTES];
        double p = 42_000;
        for (int i = 0; i < MINUTES; i++) {
            ts[i] = START + i * 60_000L;
            p *= 1 + random.nextGaussian() * 0.0009 + (i == 45_000 ? -0.04 : 0); // one flash drop
            close[i] = p;
        }
        Map<String, double[]> overlays = new LinkedHashMap<>();
        overlays.put("ema_fast (720)", ema(close, 720));
        overlays.put("ema_slow (2880)", ema(close, 2880));

        double[] equity = new double[MINUTES];
        double[] buyHold = new double[MINUTES];
        double cash = 10_000;
        double qty = 0;
        List<TradeMarker> markers = new ArrayList<>();
        List<TradeRow> trades = new ArrayList<>();
        int trip = 0;
        double entryCash = 0;
        for (int i = 0; i < MINUTES; i++) {
            if (trip < ROUND_TRIPS.length && i == ROUND_TRIPS[trip][0]) {
                entryCash = cash;
                qty = cash * (1 - FEE) / close[i];
                cash = 0;
                markers.add(new TradeMarker(ts[i], TradeMarker.Side.BUY, close[i], qty, trip == 2 ? note : "ema cross up"));
            } else if (trip < ROUND_TRIPS.length && i == ROUND_TRIPS[trip][1]) {
                cash = qty * close[i] * (1 - FEE);
                int entry = ROUND_TRIPS[trip][0];
                double fees = entryCash * FEE + qty * close[i] * FEE;
                trades.add(new TradeRow(ts[entry], ts[i], "LONG", qty, close[entry], close[i], cash - entryCash,
                        (cash / entryCash - 1) * 100, fees));
                markers.add(new TradeMarker(ts[i], TradeMarker.Side.SELL, close[i], qty, "ema cross down"));
                qty = 0;
                trip++;
            }
            equity[i] = cash + qty * close[i];
            buyHold[i] = 10_000 * close[i] / close[0];
        }
        double[] drawdown = new double[MINUTES];
        double peak = equity[0];
        double worst = 0;
        for (int i = 0; i < MINUTES; i++) {
            peak = Math.max(peak, equity[i]);
            drawdown[i] = (equity[i] / peak - 1) * 100;
            worst = Math.min(worst, drawdown[i]);
        }
        List<MetricRow> metrics = List.of(
                new MetricRow("Total return", HtmlText.signed((equity[MINUTES - 1] / 10_000 - 1) * 100, 2) + " %",
                        "final equity / initial equity - 1"),
                new MetricRow("Buy and hold return", HtmlText.signed((buyHold[MINUTES - 1] / 10_000 - 1) * 100, 2) + " %"),
                new MetricRow("Max drawdown", HtmlText.num(worst, 2) + " %", "deepest fall from a peak of equity"),
                new MetricRow("Trades", Integer.toString(trades.size())),
                new MetricRow("Fees paid", HtmlText.num(trades.stream().mapToDouble(TradeRow::fees).sum(), 2) + " USDT"));
        return new ReportData("EMA cross backtest: BTCUSDT 1m",
                "BTCUSDT · 1m · 2024-01-01 to 2024-02-29 (UTC) · EMA 720 / 2880 crossover, long only, fee 0.10 %",
                ts, close, equity, buyHold, drawdown, overlays, markers, metrics, trades);
    }

    static double[] ema(double[] v, int period) {
        double[] out = new double[v.length];
        double alpha = 2.0 / (period + 1);
        double sum = 0;
        for (int i = 0; i < v.length; i++) {
            if (i < period - 1) {
                sum += v[i];
                out[i] = Double.NaN;
            } else if (i == period - 1) {
                out[i] = (sum + v[i]) / period;
            } else {
                out[i] = out[i - 1] + alpha * (v[i] - out[i - 1]);
            }
        }
        return out;
    }

    public static void main(String[] args) throws Exception {
        HtmlReport.write(Path.of(args.length > 0 ? args[0] : "target/report-sample.html"), build("manual <b>entry</b>"));
    }
}
