package storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Path;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
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

    /**
     * Writes all rows of {@code rows} to a new file at {@code target} (which must not exist). The bytes are exactly
     * those parquet-java's record writer makes ({@link #writeRecordByRecord}; KlineParquetWriterTest holds that): up to
     * {@link ColumnPages#MAX_ROWS} rows, a column at a time straight into parquet-java's page store.
     */
    public static void write(Path target, KlineColumns rows) throws IOException {
        ByteBuffer file = encode(rows);
        if (file != null) {
            writeNew(target, file);
        } else {
            writeRecordByRecord(target, rows);
        }
    }

    /**
     * The bytes {@link #write} would write, made in memory (position to limit); null beyond
     * {@link ColumnPages#MAX_ROWS} rows (or with none), and when another parquet-java than the one
     * {@link ColumnPages} replays is on the class path ({@link ColumnPages#SUPPORTED}: then the record writer writes).
     */
    static ByteBuffer encode(KlineColumns rows) throws IOException {
        return ColumnPages.SUPPORTED && rows.size() > 0 && rows.size() <= ColumnPages.MAX_ROWS
                ? ColumnPages.encode(rows) : null;
    }

    /** As {@link #encode}, with the file's SHA-256; null where {@link #encode} is. */
    static ColumnPages.Encoded encodeHashed(KlineColumns rows) throws IOException {
        return ColumnPages.SUPPORTED && rows.size() > 0 && rows.size() <= ColumnPages.MAX_ROWS
                ? ColumnPages.encodeHashed(rows) : null;
    }

    /** Writes {@code bytes} (position to limit, left unchanged) to a new file. */
    static void writeNew(Path target, ByteBuffer bytes) throws IOException {
        ByteBuffer b = bytes.duplicate();
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(target,
                java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }
    }

    /** The same file through parquet-java's record writer, value by value: the reference {@link #write} matches. */
    static void writeRecordByRecord(Path target, KlineColumns rows) throws IOException {
        RowWriteSupport.writeRows(target, new ColumnsWriteSupport(rows), rows.size(), false);
    }

    /**
     * Reads a whole month file back into columns, in file order. Column by column through parquet-java's column
     * readers (no record assembly): about 3x the record API's rate, which dominates reading a long history.
     */
    public static KlineColumns read(Path source) throws IOException {
        ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration())
                .withCodecFactory(SnappyCodecFactory.INSTANCE).build();
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(source), options)) {
            MessageType fileSchema = reader.getFooter().getFileMetaData().getSchema();
            long[] timeDivisors = new long[COLUMNS.length];
            for (int c = 0; c < COLUMNS.length; c++) {
                timeDivisors[c] = checkColumn(source, fileSchema, c);
            }
            String createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
            long total = reader.getRecordCount();
            KlineColumns out = new KlineColumns((int) Math.min(total, Integer.MAX_VALUE - 8));
            PageReadStore pages;
            while ((pages = reader.readNextRowGroup()) != null) {
                int rows = (int) pages.getRowCount();
                int base = out.reserve(rows);
                for (int c = 0; c < COLUMNS.length; c++) {
                    ColumnDescriptor desc = fileSchema.getColumnDescription(new String[] {COLUMNS[c]});
                    PageReader pageReader = pages.getPageReader(desc);
                    DataPage[] firstPage = new DataPage[1];
                    if (!readPlainPages(pageReader, desc, c, out, base, rows, firstPage)) {
                        // not our PLAIN-encoded layout (another writer): the generic column reader decodes anything,
                        // starting with the page the fast path looked at (a reader hands each page out once)
                        PageReadStore rest = firstPage[0] == null ? pages
                                : new FirstPageAgain(pages, desc, pageReader, firstPage[0]);
                        ColumnReadStoreImpl store = new ColumnReadStoreImpl(rest, NO_RECORDS, fileSchema, createdBy);
                        readColumn(source, store.getColumnReader(desc), c, out, base, rows);
                    }
                    if (timeDivisors[c] > 1) {
                        long[] times = c == 0 ? out.openTime : out.closeTime;
                        for (int i = base; i < base + rows; i++) {
                            times[i] = Math.floorDiv(times[i], timeDivisors[c]); // below one ms dropped, as ingest does
                        }
                    }
                }
            }
            return out;
        }
    }

    /**
     * Checks that column {@code c} can be read as what it stands for (a file rewritten by another tool may declare other
     * types or units); for the two time columns returns what divides the stored values into epoch milliseconds.
     */
    private static long checkColumn(Path source, MessageType schema, int c) throws IOException {
        String name = COLUMNS[c];
        if (!schema.containsField(name)) {
            throw new IOException("Parquet file " + source + " lacks column '" + name + "'");
        }
        Type type = schema.getType(name);
        PrimitiveTypeName physical = type.isPrimitive() ? type.asPrimitiveType().getPrimitiveTypeName() : null;
        if (type.isRepetition(Type.Repetition.REPEATED) || physical == null) {
            throw new IOException("Parquet file " + source + ": column '" + name + "' is not a single value per row");
        }
        if (c == 0 || c == 6) {
            if (physical == PrimitiveTypeName.INT64
                    && type.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts) {
                return switch (ts.getUnit()) {
                    case MILLIS -> 1;
                    case MICROS -> 1_000;
                    case NANOS -> 1_000_000;
                };
            }
            throw new IOException("Parquet file " + source + ": column '" + name + "' is " + describe(type)
                    + ", not an INT64 TIMESTAMP(MILLIS|MICROS|NANOS); its unit cannot be known, so the file is not read");
        }
        PrimitiveTypeName expected = c == 8 ? PrimitiveTypeName.INT64 : PrimitiveTypeName.DOUBLE;
        if (physical != expected || (c == 8 && type.getLogicalTypeAnnotation() != null
                && !(type.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation))) {
            throw new IOException("Parquet file " + source + ": column '" + name + "' is " + describe(type)
                    + ", expected " + expected);
        }
        return 1;
    }

    private static String describe(Type type) {
        LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
        return type.asPrimitiveType().getPrimitiveTypeName() + (logical == null ? "" : " " + logical);
    }

    /**
     * Our own files: required columns, PLAIN encoding, no dictionary, so a page's bytes are the little-endian
     * values themselves and are copied in bulk. Returns false for any other layout, with the one data page it read to
     * find out in {@code firstPage[0]} (untouched; null when it read none).
     */
    private static boolean readPlainPages(PageReader pages, ColumnDescriptor desc, int column, KlineColumns out,
                                          int base, int rows, DataPage[] firstPage) {
        if (desc.getMaxDefinitionLevel() != 0 || desc.getMaxRepetitionLevel() != 0 || pages.readDictionaryPage() != null) {
            return false;
        }
        List<ByteBuffer> buffers = new ArrayList<>();
        int total = 0;
        DataPage page;
        while ((page = pages.readPage()) != null) {
            ByteBuffer bytes;
            try {
                if (page instanceof DataPageV1 v1 && v1.getValueEncoding() == Encoding.PLAIN) {
                    bytes = v1.getBytes().toByteBuffer();
                } else if (page instanceof DataPageV2 v2 && v2.getDataEncoding() == Encoding.PLAIN) {
                    bytes = v2.getData().toByteBuffer();
                } else if (buffers.isEmpty()) {
                    firstPage[0] = page;
                    return false;
                } else {
                    throw new IllegalStateException("column " + desc + " changes encoding mid-chunk");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            buffers.add(bytes.slice().order(ByteOrder.LITTLE_ENDIAN));
            total += page.getValueCount();
        }
        if (total != rows) {
            throw new IllegalStateException("column " + desc + " holds " + total + " values for " + rows + " rows");
        }
        int at = base;
        for (ByteBuffer b : buffers) {
            int n = b.remaining() / 8;
            switch (column) {
                case 0 -> b.asLongBuffer().get(out.openTime, at, n);
                case 6 -> b.asLongBuffer().get(out.closeTime, at, n);
                case 8 -> b.asLongBuffer().get(out.trades, at, n);
                default -> b.asDoubleBuffer().get(doubles(column, out), at, n);
            }
            at += n;
        }
        return true;
    }

    /** The row group's pages, where one column's reader first hands out again the data page already read from it. */
    private static final class FirstPageAgain implements PageReadStore {
        private final PageReadStore pages;
        private final ColumnDescriptor column;
        private final PageReader replay;

        FirstPageAgain(PageReadStore pages, ColumnDescriptor column, PageReader reader, DataPage first) {
            this.pages = pages;
            this.column = column;
            this.replay = new PageReader() {
                private DataPage pending = first;

                @Override
                public org.apache.parquet.column.page.DictionaryPage readDictionaryPage() {
                    return null; // the fast path only reads data pages of a chunk without a dictionary
                }

                @Override
                public long getTotalValueCount() {
                    return reader.getTotalValueCount();
                }

                @Override
                public DataPage readPage() {
                    DataPage page = pending;
                    pending = null;
                    return page != null ? page : reader.readPage();
                }
            };
        }

        @Override
        public PageReader getPageReader(ColumnDescriptor descriptor) {
            return descriptor.equals(column) ? replay : pages.getPageReader(descriptor);
        }

        @Override
        public long getRowCount() {
            return pages.getRowCount();
        }

        @Override
        public java.util.Optional<Long> getRowIndexOffset() {
            return pages.getRowIndexOffset();
        }
    }

    private static double[] doubles(int column, KlineColumns out) {
        return switch (column) {
            case 1 -> out.open;
            case 2 -> out.high;
            case 3 -> out.low;
            case 4 -> out.close;
            case 5 -> out.volume;
            case 7 -> out.quoteVolume;
            case 9 -> out.takerBase;
            default -> out.takerQuote;
        };
    }

    private static void readColumn(Path source, ColumnReader r, int column, KlineColumns out, int base, int rows)
            throws IOException {
        long[] longs = switch (column) {
            case 0 -> out.openTime;
            case 6 -> out.closeTime;
            case 8 -> out.trades;
            default -> null;
        };
        double[] doubles = longs == null ? doubles(column, out) : null;
        int defined = r.getDescriptor().getMaxDefinitionLevel();
        for (int i = 0; i < rows; i++) {
            if (r.getCurrentDefinitionLevel() < defined) { // an optional column (other writers) holding a null
                throw new IOException("Parquet file " + source + ": column '" + COLUMNS[column] + "' holds a null in row "
                        + (base + i + 1) + "; every kline field must have a value");
            }
            if (longs != null) {
                longs[base + i] = r.getLong();
            } else {
                doubles[base + i] = r.getDouble();
            }
            r.consume();
        }
    }

    /** The column store wants a record converter even when records are never assembled (also {@link TableRows}). */
    static final GroupConverter NO_RECORDS = new GroupConverter() {
        private final PrimitiveConverter ignore = new PrimitiveConverter() {
        };

        @Override
        public Converter getConverter(int fieldIndex) {
            return ignore;
        }

        @Override
        public void start() {
        }

        @Override
        public void end() {
        }
    };

    private static final class ColumnsWriteSupport extends RowWriteSupport {
        private final KlineColumns c;

        ColumnsWriteSupport(KlineColumns c) {
            super(SCHEMA);
            this.c = c;
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
}
