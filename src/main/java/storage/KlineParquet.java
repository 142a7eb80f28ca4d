package storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * Reads and writes the monthly 1m kline Parquet files with parquet-java's column API directly
 * (no Avro records): columns go from primitive arrays straight to the record consumer, which is
 * several times faster than building a GenericRecord per row, and needs no Hadoop at run time.
 */
public final class KlineParquet {
    public static final String[] COLUMNS = {"open_time", "open", "high", "low", "close", "volume", "close_time",
        "quote_asset_volume", "trades", "taker_base", "taker_quote"};

    public static final MessageType SCHEMA = Types.buildMessage()
            .required(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.timestampType(true, TimeUnit.MILLIS)).named("open_time")
            .required(PrimitiveTypeName.DOUBLE).named("open")
            .required(PrimitiveTypeName.DOUBLE).named("high")
            .required(PrimitiveTypeName.DOUBLE).named("low")
            .required(PrimitiveTypeName.DOUBLE).named("close")
            .required(PrimitiveTypeName.DOUBLE).named("volume")
            .required(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.timestampType(true, TimeUnit.MILLIS)).named("close_time")
            .required(PrimitiveTypeName.DOUBLE).named("quote_asset_volume")
            .required(PrimitiveTypeName.INT64).named("trades")
            .required(PrimitiveTypeName.DOUBLE).named("taker_base")
            .required(PrimitiveTypeName.DOUBLE).named("taker_quote")
            .named("kline_1m");

    private KlineParquet() {
    }

    /** Writes all rows of {@code rows} to a new file at {@code target} (which must not exist). */
    public static void write(Path target, KlineColumns rows) throws IOException {
        try (ParquetWriter<Integer> writer = new WriterBuilder(target, rows)
                .withConf(new PlainParquetConfiguration())
                .withCodecFactory(SnappyCodecFactory.INSTANCE)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withWriteMode(ParquetFileWriter.Mode.CREATE)
                .withDictionaryEncoding(false)
                .withRowGroupSize(64L * 1024 * 1024)
                .build()) {
            for (int i = 0; i < rows.size(); i++) {
                writer.write(i);
            }
        }
    }

    /** Reads a whole month file back into columns, in file order. */
    public static KlineColumns read(Path source) throws IOException {
        ParquetConfiguration conf = new PlainParquetConfiguration();
        KlineColumns out = new KlineColumns(45_000);
        try (ParquetReader<Integer> reader = new ReaderBuilder(source, conf, out)
                .withCodecFactory(SnappyCodecFactory.INSTANCE)
                .build()) {
            while (reader.read() != null) {
                // each read() appends one row to out
            }
        }
        return out;
    }

    private static final class WriterBuilder extends ParquetWriter.Builder<Integer, WriterBuilder> {
        private final KlineColumns rows;

        WriterBuilder(Path target, KlineColumns rows) {
            super(new LocalOutputFile(target));
            this.rows = rows;
        }

        @Override
        protected WriterBuilder self() {
            return this;
        }

        @Override
        protected WriteSupport<Integer> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
            return new ColumnsWriteSupport(rows);
        }

        @Override
        protected WriteSupport<Integer> getWriteSupport(ParquetConfiguration conf) {
            return new ColumnsWriteSupport(rows);
        }
    }

    private static final class ColumnsWriteSupport extends WriteSupport<Integer> {
        private final KlineColumns c;
        private RecordConsumer out;

        ColumnsWriteSupport(KlineColumns c) {
            this.c = c;
        }

        @Override
        public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
            return new WriteContext(SCHEMA, Map.of("writer", "kline-pipeline"));
        }

        @Override
        public WriteContext init(ParquetConfiguration configuration) {
            return new WriteContext(SCHEMA, Map.of("writer", "kline-pipeline"));
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.out = recordConsumer;
        }

        @Override
        public void write(Integer row) {
            int i = row;
            out.startMessage();
            longField(0, c.openTime[i]);
            doubleField(1, c.open[i]);
            doubleField(2, c.high[i]);
            doubleField(3, c.low[i]);
            doubleField(4, c.close[i]);
            doubleField(5, c.volume[i]);
            longField(6, c.closeTime[i]);
            doubleField(7, c.quoteVolume[i]);
            longField(8, c.trades[i]);
            doubleField(9, c.takerBase[i]);
            doubleField(10, c.takerQuote[i]);
            out.endMessage();
        }

        private void longField(int index, long value) {
            out.startField(COLUMNS[index], index);
            out.addLong(value);
            out.endField(COLUMNS[index], index);
        }

        private void doubleField(int index, double value) {
            out.startField(COLUMNS[index], index);
            out.addDouble(value);
            out.endField(COLUMNS[index], index);
        }
    }

    private static final class ReaderBuilder extends ParquetReader.Builder<Integer> {
        private final KlineColumns out;

        ReaderBuilder(Path source, ParquetConfiguration conf, KlineColumns out) {
            super(new LocalInputFile(source), conf);
            this.out = out;
        }

        @Override
        protected ReadSupport<Integer> getReadSupport() {
            return new ColumnsReadSupport(out);
        }
    }

    private static final class ColumnsReadSupport extends ReadSupport<Integer> {
        private final KlineColumns out;

        ColumnsReadSupport(KlineColumns out) {
            this.out = out;
        }

        @Override
        public ReadContext init(InitContext context) {
            MessageType fileSchema = context.getFileSchema();
            for (String column : COLUMNS) {
                if (!fileSchema.containsField(column)) {
                    throw new IllegalStateException("Parquet file lacks column '" + column + "'");
                }
            }
            return new ReadContext(SCHEMA, new HashMap<>());
        }

        @Override
        public RecordMaterializer<Integer> prepareForRead(org.apache.hadoop.conf.Configuration configuration,
                Map<String, String> keyValueMetaData, MessageType fileSchema, ReadContext readContext) {
            return new RowMaterializer(out);
        }

        @Override
        public RecordMaterializer<Integer> prepareForRead(ParquetConfiguration configuration,
                Map<String, String> keyValueMetaData, MessageType fileSchema, ReadContext readContext) {
            return new RowMaterializer(out);
        }
    }

    /** Collects one row's values in scratch fields, appends them to the columns at the end of each record. */
    private static final class RowMaterializer extends RecordMaterializer<Integer> {
        private final KlineColumns out;
        private final long[] longs = new long[COLUMNS.length];
        private final double[] doubles = new double[COLUMNS.length];
        private final GroupConverter root;

        RowMaterializer(KlineColumns out) {
            this.out = out;
            Converter[] converters = new Converter[COLUMNS.length];
            for (int i = 0; i < converters.length; i++) {
                int index = i;
                converters[i] = new PrimitiveConverter() {
                    @Override
                    public void addLong(long value) {
                        longs[index] = value;
                    }

                    @Override
                    public void addDouble(double value) {
                        doubles[index] = value;
                    }
                };
            }
            root = new GroupConverter() {
                @Override
                public Converter getConverter(int fieldIndex) {
                    return converters[fieldIndex];
                }

                @Override
                public void start() {
                }

                @Override
                public void end() {
                    out.add(longs[0], doubles[1], doubles[2], doubles[3], doubles[4], doubles[5], longs[6],
                            doubles[7], longs[8], doubles[9], doubles[10]);
                }
            };
        }

        @Override
        public Integer getCurrentRecord() {
            return out.size();
        }

        @Override
        public GroupConverter getRootConverter() {
            return root;
        }
    }
}
