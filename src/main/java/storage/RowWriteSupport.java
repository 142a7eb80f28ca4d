package storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Base of our Parquet writers: the "record" is a row index into column arrays, written straight to the record
 * consumer (no per-row objects). {@link #writeRows} holds the one writer set-up every file shares: local file,
 * no Hadoop configuration, snappy through {@link SnappyCodecFactory}, no dictionary, a byte-stable footer.
 */
abstract class RowWriteSupport extends WriteSupport<Integer> {
    private final MessageType schema;
    private final Map<String, String> metadata;
    protected RecordConsumer out;

    RowWriteSupport(MessageType schema) {
        this(schema, Map.of());
    }

    /** {@code metadata}: key-value pairs for the file footer, beside {@code writer=kline-pipeline}. */
    RowWriteSupport(MessageType schema, Map<String, String> metadata) {
        this.schema = schema;
        java.util.TreeMap<String, String> all = new java.util.TreeMap<>(metadata);
        all.put("writer", "kline-pipeline");
        this.metadata = java.util.Collections.unmodifiableMap(all);
    }

    /**
     * Writes rows 0..rows-1 to {@code target}; {@code overwrite} false refuses an existing file. Every Parquet file
     * the project writes goes through here, so this is where its footer is made byte-stable across JVMs
     * ({@link ParquetFooter#sortEncodings(Path)}), before any caller syncs, hashes or renames the file.
     */
    static void writeRows(Path target, RowWriteSupport support, int rows, boolean overwrite) throws IOException {
        try (ParquetWriter<Integer> writer = open(target, support, overwrite)) {
            for (int i = 0; i < rows; i++) {
                writer.write(i);
            }
        }
        ParquetFooter.sortEncodings(target);
    }

    /**
     * The writer {@link #writeRows} writes through, for a caller that hands over its rows in several calls (a table
     * streamed in chunks, {@link Tables#openParquet}): the same rows written in the same order give the same bytes.
     * After closing it the caller runs {@link ParquetFooter#sortEncodings(Path)}, as {@link #writeRows} does.
     */
    static ParquetWriter<Integer> open(Path target, RowWriteSupport support, boolean overwrite) throws IOException {
        return new Builder(target, support)
                .withConf(new PlainParquetConfiguration())
                .withCodecFactory(SnappyCodecFactory.INSTANCE)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withWriteMode(overwrite ? ParquetFileWriter.Mode.OVERWRITE : ParquetFileWriter.Mode.CREATE)
                .withDictionaryEncoding(false)
                .withRowGroupSize(64L * 1024 * 1024)
                .build();
    }

    @Override
    public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
        return new WriteContext(schema, metadata);
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
        return new WriteContext(schema, metadata);
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.out = recordConsumer;
    }

    private static final class Builder extends ParquetWriter.Builder<Integer, Builder> {
        private final RowWriteSupport support;

        Builder(Path target, RowWriteSupport support) {
            super(new LocalOutputFile(target));
            this.support = support;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Integer> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
            return support;
        }

        @Override
        protected WriteSupport<Integer> getWriteSupport(ParquetConfiguration conf) {
            return support;
        }
    }
}
