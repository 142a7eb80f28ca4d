package sparkjob;

import backtest.sweep.SweepMetric;
import backtest.sweep.SweepParameter;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * One symbol's ranked rows as a Parquet file (snappy), written by the driver through the Hadoop file system (a path or
 * any URI): {@code rank} (INT64), {@code grid_index} (INT32), the grid values (INT64 for whole keys such as periods,
 * DOUBLE otherwise), then the {@link SweepMetric} figures (INT64 for fills and round trips, DOUBLE otherwise; NaN -
 * undefined - as null). The columns and types Spark's own writer gave the same rows before (a Spark SQL write), so
 * {@code spark.read().parquet} and DuckDB read it as before; the symbol is the folder ({@code symbol=S}).
 */
final class RowsParquet {
    private RowsParquet() {
    }

    static MessageType schema(List<String> keys) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        b.required(PrimitiveTypeName.INT64).named("rank");
        b.required(PrimitiveTypeName.INT32).named("grid_index");
        for (String k : keys) {
            b.required(SweepParameter.whole(k) ? PrimitiveTypeName.INT64 : PrimitiveTypeName.DOUBLE).named(k);
        }
        for (SweepMetric m : SweepMetric.values()) {
            b.optional(SparkSweep.whole(m) ? PrimitiveTypeName.INT64 : PrimitiveTypeName.DOUBLE).named(m.code());
        }
        return b.named("spark_schema");
    }

    /**
     * Writes {@code rows} in the order given (rank 1 first).
     *
     * @param rows each: grid index, then the row's values - the grid values in {@code keys} order, then the figures in
     *             {@link SweepMetric} order - as {@link ChunkOutput} carries them
     */
    static void write(Configuration conf, OutputFile file, List<String> keys, List<SparkSweep.Ranked> rows)
            throws IOException {
        MessageType schema = schema(keys);
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        SweepMetric[] metrics = SweepMetric.values();
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(file)
                .withConf(conf).withType(schema).withCompressionCodec(CompressionCodecName.SNAPPY)
                .withWriteMode(ParquetFileWriter.Mode.CREATE).build()) {
            long rank = 0;
            for (SparkSweep.Ranked r : rows) {
                Group g = groups.newGroup();
                g.add("rank", ++rank);
                g.add("grid_index", r.index());
                double[] v = r.values();
                int at = r.offset();
                for (String k : keys) {
                    double x = v[at++];
                    if (SweepParameter.whole(k)) {
                        g.add(k, (long) x);
                    } else {
                        g.add(k, x);
                    }
                }
                for (SweepMetric m : metrics) {
                    double x = v[at++];
                    if (SparkSweep.whole(m)) {
                        g.add(m.code(), (long) x);
                    } else if (!Double.isNaN(x)) {
                        g.add(m.code(), x);
                    }
                }
                w.write(g);
            }
        }
    }
}
