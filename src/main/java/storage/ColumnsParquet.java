package storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/** Generic column-array Parquet writer behind {@link Tables#writeParquet}, on parquet-java's column API. */
final class ColumnsParquet {
    private ColumnsParquet() {
    }

    static MessageType schema(List<Column> columns) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        for (Column c : columns) {
            switch (c.type()) {
                case LONG -> b.required(PrimitiveTypeName.INT64).named(c.name());
                case TIMESTAMP_MILLIS -> b.required(PrimitiveTypeName.INT64)
                        .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS))
                        .named(c.name());
                case DOUBLE -> b.optional(PrimitiveTypeName.DOUBLE).named(c.name());
                case STRING -> b.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
                        .named(c.name());
                case BOOLEAN -> b.required(PrimitiveTypeName.BOOLEAN).named(c.name());
            }
        }
        return b.named("table");
    }

    static void write(Path target, List<Column> columns, int rows, Map<String, String> metadata) throws IOException {
        MessageType schema = schema(columns);
        RowWriteSupport.writeRows(target, new RowWriter(schema, columns, metadata), rows, true);
    }

    /** {@link Tables.ParquetAppender}: {@link #write}'s writer, kept open while chunks of rows arrive. */
    static final class Appender implements Tables.ParquetAppender {
        private final Path target;
        private final List<Column> schemaColumns;
        private final RowWriter support;
        private final org.apache.parquet.hadoop.ParquetWriter<Integer> writer;
        private long rows;
        private boolean closed;

        Appender(Path target, List<Column> schemaColumns, Map<String, String> metadata) throws IOException {
            this.target = target;
            this.schemaColumns = List.copyOf(schemaColumns);
            this.support = new RowWriter(schema(schemaColumns), schemaColumns, metadata);
            this.writer = RowWriteSupport.open(target, support, true);
        }

        @Override
        public void append(List<Column> columns) throws IOException {
            int n = Tables.checkColumns(target, columns);
            if (columns.size() != schemaColumns.size()) {
                throw new IllegalArgumentException(columns.size() + " columns, the table has " + schemaColumns.size()
                        + ": " + target);
            }
            for (int k = 0; k < columns.size(); k++) {
                Column c = columns.get(k);
                Column s = schemaColumns.get(k);
                if (!c.name().equals(s.name()) || c.type() != s.type()) {
                    throw new IllegalArgumentException("column " + k + " is '" + c.name() + "' " + c.type()
                            + ", the table's is '" + s.name() + "' " + s.type() + ": " + target);
                }
            }
            support.columns = List.copyOf(columns);
            for (int i = 0; i < n; i++) {
                writer.write(i);
            }
            rows += n;
        }

        @Override
        public long rows() {
            return rows;
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            writer.close();
            ParquetFooter.sortEncodings(target);
        }
    }

    /** The key-value metadata of a Parquet file's footer. */
    static Map<String, String> metadata(Path file) throws IOException {
        ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration())
                .withCodecFactory(SnappyCodecFactory.INSTANCE).build();
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file), options)) {
            return Map.copyOf(reader.getFooter().getFileMetaData().getKeyValueMetaData());
        }
    }

    private static final class RowWriter extends RowWriteSupport {
        private List<Column> columns;

        RowWriter(MessageType schema, List<Column> columns, Map<String, String> metadata) {
            super(schema, metadata);
            this.columns = columns;
        }

        @Override
        public void write(Integer row) {
            int i = row;
            out.startMessage();
            for (int k = 0; k < columns.size(); k++) {
                Column c = columns.get(k);
                switch (c.values()) {
                    case long[] a -> {
                        start(c, k);
                        out.addLong(a[i]);
                        end(c, k);
                    }
                    case double[] a -> {
                        if (!Double.isNaN(a[i])) { // an absent optional field is null
                            start(c, k);
                            out.addDouble(a[i]);
                            end(c, k);
                        }
                    }
                    case String[] a -> {
                        if (a[i] != null) {
                            start(c, k);
                            out.addBinary(Binary.fromString(a[i]));
                            end(c, k);
                        }
                    }
                    case boolean[] a -> {
                        start(c, k);
                        out.addBoolean(a[i]);
                        end(c, k);
                    }
                    default -> throw new IllegalStateException("unreachable");
                }
            }
            out.endMessage();
        }

        private void start(Column c, int k) {
            out.startField(c.name(), k);
        }

        private void end(Column c, int k) {
            out.endField(c.name(), k);
        }
    }
}
