package features;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import storage.SnappyCodecFactory;

/**
 * Writes a {@link FeatureFrame} as Parquet (snappy): {@code ts} TIMESTAMP(MILLIS, UTC), {@code open, high, low,
 * close, volume} DOUBLE, {@code filled} BOOLEAN (the bar is or contains a forward-filled minute), then one
 * OPTIONAL DOUBLE per indicator column, null inside the warm-up.
 */
public final class FeatureParquet {
    private FeatureParquet() {
    }

    public static MessageType schema(List<String> indicatorColumns) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        b.required(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.timestampType(true,
                LogicalTypeAnnotation.TimeUnit.MILLIS)).named("ts");
        for (String c : List.of("open", "high", "low", "close", "volume")) {
            b.required(PrimitiveTypeName.DOUBLE).named(c);
        }
        b.required(PrimitiveTypeName.BOOLEAN).named("filled");
        for (String c : indicatorColumns) {
            b.optional(PrimitiveTypeName.DOUBLE).named(c);
        }
        return b.named("features");
    }

    /** Writes the frame to {@code target}, which must not exist. */
    public static void write(Path target, FeatureFrame frame) throws IOException {
        List<String> cols = List.copyOf(frame.columns().keySet());
        MessageType schema = schema(cols);
        try (ParquetWriter<Integer> w = new Builder(target, frame, schema, cols)
                .withConf(new PlainParquetConfiguration())
                .withCodecFactory(SnappyCodecFactory.INSTANCE)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withWriteMode(ParquetFileWriter.Mode.CREATE)
                .withDictionaryEncoding(false)
                .build()) {
            for (int i = 0; i < frame.size(); i++) {
                w.write(i);
            }
        }
    }

    private static final class Builder extends ParquetWriter.Builder<Integer, Builder> {
        private final FeatureFrame frame;
        private final MessageType schema;
        private final List<String> cols;

        Builder(Path target, FeatureFrame frame, MessageType schema, List<String> cols) {
            super(new LocalOutputFile(target));
            this.frame = frame;
            this.schema = schema;
            this.cols = cols;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Integer> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
            return new RowWriter(frame, schema, cols);
        }

        @Override
        protected WriteSupport<Integer> getWriteSupport(ParquetConfiguration conf) {
            return new RowWriter(frame, schema, cols);
        }
    }

    private static final class RowWriter extends WriteSupport<Integer> {
        private final Bars bars;
        private final MessageType schema;
        private final double[][] values;
        private final String[] names;
        private RecordConsumer out;

        RowWriter(FeatureFrame frame, MessageType schema, List<String> cols) {
            this.bars = frame.bars();
            this.schema = schema;
            this.names = cols.toArray(String[]::new);
            this.values = new double[names.length][];
            for (int k = 0; k < names.length; k++) {
                values[k] = frame.columns().get(names[k]);
            }
        }

        @Override
        public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
            return new WriteContext(schema, Map.of("writer", "kline-pipeline"));
        }

        @Override
        public WriteContext init(ParquetConfiguration configuration) {
            return new WriteContext(schema, Map.of("writer", "kline-pipeline"));
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.out = recordConsumer;
        }

        @Override
        public void write(Integer row) {
            int i = row;
            out.startMessage();
            out.startField("ts", 0);
            out.addLong(bars.openTime[i]);
            out.endField("ts", 0);
            field("open", 1, bars.open[i]);
            field("high", 2, bars.high[i]);
            field("low", 3, bars.low[i]);
            field("close", 4, bars.close[i]);
            field("volume", 5, bars.volume[i]);
            out.startField("filled", 6);
            out.addBoolean(bars.filled(i));
            out.endField("filled", 6);
            for (int k = 0; k < names.length; k++) {
                double v = values[k][i];
                if (!Double.isNaN(v)) { // an absent optional field is null
                    field(names[k], 7 + k, v);
                }
            }
            out.endMessage();
        }

        private void field(String name, int index, double v) {
            out.startField(name, index);
            out.addDouble(v);
            out.endField(name, index);
        }
    }
}
