package features;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import storage.Column;
import storage.Tables;

/**
 * Writes a {@link FeatureFrame} as Parquet (snappy) through {@link Tables}: {@code ts} TIMESTAMP(MILLIS, UTC),
 * {@code open, high, low, close, volume} DOUBLE, {@code filled} BOOLEAN (the bar is or contains a forward-filled
 * minute), then one DOUBLE per indicator column, null inside the warm-up.
 */
public final class FeatureParquet {
    private FeatureParquet() {
    }

    /** Writes the frame to {@code target}. */
    public static void write(Path target, FeatureFrame frame) throws IOException {
        write(target, frame, Map.of());
    }

    /** Writes the frame to {@code target} with key-value pairs in the footer. */
    public static void write(Path target, FeatureFrame frame, Map<String, String> footer) throws IOException {
        Bars b = frame.bars();
        int n = frame.size();
        boolean[] filled = new boolean[n];
        for (int i = 0; i < n; i++) {
            filled[i] = b.filled(i);
        }
        List<Column> columns = new ArrayList<>(List.of(Column.timestamps("ts", Arrays.copyOf(b.openTime, n)),
                Column.doubles("open", Arrays.copyOf(b.open, n)), Column.doubles("high", Arrays.copyOf(b.high, n)),
                Column.doubles("low", Arrays.copyOf(b.low, n)), Column.doubles("close", Arrays.copyOf(b.close, n)),
                Column.doubles("volume", Arrays.copyOf(b.volume, n)), Column.booleans("filled", filled)));
        frame.columns().forEach((name, values) -> columns.add(Column.doubles(name, values)));
        Tables.writeParquet(target, columns, footer);
    }
}
