package features;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import storage.Column;
import storage.Tables;

/**
 * Writes a {@link FeatureFrame} as Parquet (snappy) through {@link Tables}: {@code ts} TIMESTAMP(MILLIS, UTC),
 * {@code open, high, low, close, volume} DOUBLE, {@code filled} BOOLEAN (the bar is or contains a forward-filled
 * minute), then one DOUBLE per indicator column, null inside the warm-up. A frame that arrives in chunks (the streamed
 * whole-history path, {@link FeatureEngine#stream}) is written by a {@link Writer}: the same bytes.
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
        Tables.writeParquet(target, columns(frame), footer);
    }

    /** The table's columns of a frame (the arrays trimmed to its size). */
    private static List<Column> columns(FeatureFrame frame) {
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
        return columns;
    }

    /**
     * One features file written chunk by chunk: {@link #append} each chunk's rows in order, then {@link #finish}.
     * The file is byte for byte what {@link #write(Path, FeatureFrame, Map)} writes for the chunks' rows put end to
     * end. Nothing is created on disk (not even the folder) before the first row arrives; {@link #close} without
     * {@link #finish} leaves an unfinished file to the caller's clean-up (write to a temp file).
     */
    public static final class Writer implements Closeable {
        private final Path target;
        private final FeatureSpec spec;
        private final Map<String, String> footer;
        private Tables.ParquetAppender appender;
        private long rows;

        public Writer(Path target, FeatureSpec spec, Map<String, String> footer) {
            this.target = target;
            this.spec = spec;
            this.footer = Map.copyOf(footer);
        }

        /** Appends the rows of {@code chunk} (a frame of this writer's spec). */
        public void append(FeatureFrame chunk) throws IOException {
            if (chunk.size() == 0) {
                return;
            }
            open(chunk);
            appender.append(columns(chunk));
            rows += chunk.size();
        }

        /** Rows appended so far. */
        public long rows() {
            return rows;
        }

        /** Completes the file; with no rows appended, an empty table (what writing an empty frame gives). */
        public void finish() throws IOException {
            if (appender == null) {
                Map<String, double[]> empty = new LinkedHashMap<>();
                spec.indicators().columns().forEach(c -> empty.put(c, new double[0]));
                open(new FeatureFrame(spec, new Bars(spec.interval(), 0), empty));
            }
            close();
        }

        private void open(FeatureFrame like) throws IOException {
            if (appender == null) {
                Files.createDirectories(target.toAbsolutePath().getParent());
                appender = Tables.openParquet(target, columns(like), footer);
            }
        }

        @Override
        public void close() throws IOException {
            if (appender != null) {
                appender.close();
            }
        }
    }
}
