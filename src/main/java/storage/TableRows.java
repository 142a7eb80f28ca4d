package storage;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;

/**
 * Reads a flat table as {@link Tables#writeParquet} writes it, row by row, holding one row group's columns in
 * memory at a time (as primitive arrays). Values: {@link Instant} for timestamps, {@code Long}, {@code Double},
 * {@code String}, {@code Boolean}; null for a null (a NaN written as null reads back as null).
 */
public final class TableRows implements AutoCloseable {
    private final ParquetFileReader reader;
    private final MessageType schema;
    private final List<ColumnDescriptor> columns;
    private final List<String> names = new ArrayList<>();
    private final String createdBy;
    private Object[] values; // per column: long[], double[], String[] or boolean[]
    private boolean[][] nulls;
    private int rows;
    private int next;

    private TableRows(ParquetFileReader reader) {
        this.reader = reader;
        this.schema = reader.getFooter().getFileMetaData().getSchema();
        this.columns = schema.getColumns();
        this.createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
        columns.forEach(c -> names.add(c.getPath()[0]));
    }

    public static TableRows open(Path file) throws IOException {
        ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration())
                .withCodecFactory(SnappyCodecFactory.INSTANCE).build();
        return new TableRows(ParquetFileReader.open(new LocalInputFile(file), options));
    }

    public List<String> names() {
        return List.copyOf(names);
    }

    /** The next row's values in column order, or null after the last row. */
    public Object[] next() throws IOException {
        while (next >= rows) {
            if (!loadRowGroup()) {
                return null;
            }
        }
        Object[] row = new Object[columns.size()];
        for (int c = 0; c < row.length; c++) {
            row[c] = nulls[c][next] ? null : value(c, next);
        }
        next++;
        return row;
    }

    private Object value(int c, int i) {
        return switch (values[c]) {
            case long[] l -> isTimestamp(c) ? Instant.ofEpochMilli(l[i]) : (Object) l[i];
            case double[] d -> d[i];
            case String[] s -> s[i];
            case boolean[] b -> b[i];
            default -> throw new NoSuchElementException();
        };
    }

    private boolean isTimestamp(int c) {
        return columns.get(c).getPrimitiveType().getLogicalTypeAnnotation()
                instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
    }

    private boolean loadRowGroup() throws IOException {
        PageReadStore pages = reader.readNextRowGroup();
        if (pages == null) {
            return false;
        }
        rows = (int) pages.getRowCount();
        next = 0;
        values = new Object[columns.size()];
        nulls = new boolean[columns.size()][rows];
        ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages, KlineParquet.NO_RECORDS, schema, createdBy);
        for (int c = 0; c < columns.size(); c++) {
            ColumnDescriptor desc = columns.get(c);
            ColumnReader r = store.getColumnReader(desc);
            int defined = desc.getMaxDefinitionLevel();
            PrimitiveType.PrimitiveTypeName type = desc.getPrimitiveType().getPrimitiveTypeName();
            Object col = switch (type) {
                case INT64 -> new long[rows];
                case DOUBLE -> new double[rows];
                case BINARY -> new String[rows];
                case BOOLEAN -> new boolean[rows];
                default -> throw new IOException("column " + names.get(c) + " has type " + type + ", not one Tables writes");
            };
            for (int i = 0; i < rows; i++) {
                if (r.getCurrentDefinitionLevel() < defined) {
                    nulls[c][i] = true;
                } else {
                    switch (col) {
                        case long[] l -> l[i] = r.getLong();
                        case double[] d -> d[i] = r.getDouble();
                        case String[] s -> s[i] = r.getBinary().toStringUsingUTF8();
                        case boolean[] b -> b[i] = r.getBoolean();
                        default -> throw new IllegalStateException();
                    }
                }
                r.consume();
            }
            values[c] = col;
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
