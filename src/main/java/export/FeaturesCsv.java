package export;

import features.Bars;
import features.FeatureFrame;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * A feature frame as CSV for model training: {@code ts, open, high, low, close, volume, filled} (0/1: the bar is or
 * holds a forward-filled minute), then the indicator columns in the frame's order; an indicator still inside its
 * warm-up (or undefined there) is an empty cell. Same time and number forms as the klines export ({@link CsvText}).
 */
public final class FeaturesCsv {
    private FeaturesCsv() {
    }

    public static long write(OutputStream out, FeatureFrame frame) throws IOException {
        Bytes b = new Bytes(1 << 17);
        b.ascii("ts,open,high,low,close,volume,filled");
        for (String name : frame.columns().keySet()) {
            b.ascii(',').ascii(name);
        }
        b.ascii('\n');
        Bars bars = frame.bars();
        double[][] columns = frame.columns().values().toArray(new double[0][]);
        for (int i = 0; i < frame.size(); i++) {
            CsvText.time(b, bars.openTime[i]);
            for (double v : new double[] {bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i]}) {
                b.ascii(',');
                CsvText.number(b, v);
            }
            b.ascii(',').ascii(bars.filled(i) ? '1' : '0');
            for (double[] column : columns) {
                b.ascii(',');
                if (!Double.isNaN(column[i])) {
                    CsvText.number(b, column[i]);
                }
            }
            b.ascii('\n');
            if (b.size() >= 1 << 16) {
                b.writeTo(out);
                b.clear();
            }
        }
        b.writeTo(out);
        return frame.size();
    }

    /** Column names of a frame's CSV (tests, docs). */
    public static String header(Map<String, double[]> columns) {
        return "ts,open,high,low,close,volume,filled" + (columns.isEmpty() ? "" : "," + String.join(",", columns.keySet()));
    }
}
