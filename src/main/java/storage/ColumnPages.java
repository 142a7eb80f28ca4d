package storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.page.PageWriter;
import org.apache.parquet.column.statistics.SizeStatistics;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.schema.PrimitiveType;

/**
 * Writes a kline month file a column at a time, handing whole pages to parquet-java's own page store and file writer
 * (page headers, CRCs, statistics, column and offset indexes, footer stay parquet-java's). What it replaces is the
 * record layer above them: there every value passes through a record consumer, a column writer and a little-endian
 * stream 8 bytes at a time; here a page's values are copied in bulk. The result is the file
 * {@link KlineParquet#writeRecordByRecord} makes, byte for byte, because everything that decides those bytes is
 * reproduced exactly: the same properties, the same page boundaries ({@link #pageEnds}: parquet-java's size check
 * replayed for eleven 8-byte PLAIN columns, which all fill at the same pace), the same statistics objects fed the same
 * values, the same footer metadata, then {@link ParquetFooter#sortEncodings}.
 *
 * <p>Up to {@link #MAX_ROWS} rows, which keeps the file to one row group (parquet-java starts a second one only past
 * 64 MB buffered, some 700,000 rows); a month holds at most 44,640.
 */
final class ColumnPages {
    /**
     * Whether the parquet-java on the class path is the line this class replays (its page ends and page writer are
     * those of 1.15). Read at run time - the constant would be inlined at compile time - so that another version on
     * the class path (a Spark application brings its own) makes {@link KlineParquet} use the record writer instead.
     */
    static final boolean SUPPORTED = runtimeParquetVersion().startsWith("1.15.");

    static String runtimeParquetVersion() {
        try {
            return String.valueOf(org.apache.parquet.Version.class.getField("VERSION_NUMBER").get(null));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "unknown";
        }
    }

    static final int MAX_ROWS = 200_000;
    /** From this many rows the columns are shared with a helper thread (below, handing over costs more than it saves). */
    static final int PARALLEL_ROWS = 2_000;
    /** As {@link RowWriteSupport#writeRows}: 64 MB row groups, dictionary off, everything else parquet-java's default. */
    private static final long ROW_GROUP_SIZE = 64L * 1024 * 1024;
    private static final ParquetProperties PROPS = ParquetProperties.builder().withDictionaryEncoding(false).build();
    /** ColumnWriteStoreBase.THRESHOLD_TOLERANCE_RATIO. */
    private static final double THRESHOLD_TOLERANCE_RATIO = 0.1;

    private ColumnPages() {
    }

    /** The whole file, in memory (a month is about 3 MB): bytes 0..limit of the buffer. */
    static ByteBuffer encode(KlineColumns rows) throws IOException {
        int n = rows.size();
        if (n < 1 || n > MAX_ROWS) {
            throw new IllegalArgumentException("ColumnPages writes 1.." + MAX_ROWS + " rows, not " + n);
        }
        MemoryFile out = new MemoryFile(n * 80 + 8192);
        BytesInputCompressor compressor = SnappyCodecFactory.INSTANCE.getCompressor(CompressionCodecName.SNAPPY);
        ParquetFileWriter file = new ParquetFileWriter(out, KlineParquet.SCHEMA,
                ParquetFileWriter.Mode.CREATE, ROW_GROUP_SIZE, ParquetWriter.MAX_PADDING_SIZE_DEFAULT, null, PROPS);
        ColumnChunkPageWriteStore pages = null;
        try {
            file.start();
            pages = new ColumnChunkPageWriteStore(compressor, KlineParquet.SCHEMA, PROPS.getAllocator(),
                    PROPS.getColumnIndexTruncateLength(), PROPS.getPageWriteChecksumEnabled(), null, 0);
            writeColumns(pages, rows, pageEnds(n));
            file.startBlock(n);
            pages.flushToFileWriter(file);
            file.endBlock();
            Map<String, String> metadata = new HashMap<>();
            metadata.put("writer", "kline-pipeline"); // RowWriteSupport's footer metadata
            file.end(metadata);
        } finally {
            if (pages != null) {
                pages.close();
            }
            file.close();
        }
        return ParquetFooter.sortEncodingsInPlace(out.buf, out.size);
    }

    /** A Parquet output file that is a growing byte array. */
    private static final class MemoryFile implements OutputFile {
        private byte[] buf;
        private int size;

        MemoryFile(int capacity) {
            buf = new byte[capacity];
        }

        @Override
        public PositionOutputStream create(long blockSizeHint) {
            return new PositionOutputStream() {
                @Override
                public long getPos() {
                    return size;
                }

                @Override
                public void write(int b) {
                    ensure(1);
                    buf[size++] = (byte) b;
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    ensure(len);
                    System.arraycopy(b, off, buf, size, len);
                    size += len;
                }
            };
        }

        private void ensure(int more) {
            if (size + more > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
            }
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) {
            return create(blockSizeHint);
        }

        @Override
        public boolean supportsBlockSize() {
            return false; // as LocalOutputFile: no row-group padding
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }
    }

    /**
     * Encodes and compresses the eleven columns, this thread and a helper taking the next column in turn: each column
     * has its own page writer in the store, so the chunks come out the same whichever thread made them.
     */
    private static void writeColumns(ColumnChunkPageWriteStore pages, KlineColumns rows, int[] ends) throws IOException {
        List<ColumnDescriptor> columns = KlineParquet.SCHEMA.getColumns();
        int bufferBytes = pageBytes(ends);
        AtomicInteger nextColumn = new AtomicInteger();
        Background.IoTask share = () -> {
            byte[] buffer = new byte[bufferBytes];
            for (int c; (c = nextColumn.getAndIncrement()) < columns.size(); ) {
                writeColumn(pages.getPageWriter(columns.get(c)), columns.get(c), c, rows, ends, buffer);
            }
        };
        Future<Void> helper = rows.size() >= PARALLEL_ROWS ? Background.submit(share) : null;
        try {
            share.run();
        } catch (IOException | RuntimeException | Error e) {
            nextColumn.set(columns.size()); // the helper stops after its current column
            if (helper != null) {
                Background.awaitQuietly(helper);
            }
            throw e;
        }
        if (helper != null) {
            Background.await(helper);
        }
    }

    private static int pageBytes(int[] ends) {
        int max = 0;
        for (int p = 0, from = 0; p < ends.length; from = ends[p++]) {
            max = Math.max(max, ends[p] - from);
        }
        return max * 8;
    }

    private static void writeColumn(PageWriter writer, ColumnDescriptor column, int c, KlineColumns rows, int[] ends,
                                    byte[] buffer) throws IOException {
        PrimitiveType type = column.getPrimitiveType();
        long[] longs = switch (c) {
            case 0 -> rows.openTime;
            case 6 -> rows.closeTime;
            case 8 -> rows.trades;
            default -> null;
        };
        double[] doubles = longs != null ? null : switch (c) {
            case 1 -> rows.open;
            case 2 -> rows.high;
            case 3 -> rows.low;
            case 4 -> rows.close;
            case 5 -> rows.volume;
            case 7 -> rows.quoteVolume;
            case 9 -> rows.takerBase;
            case 10 -> rows.takerQuote;
            default -> throw new IllegalStateException("no column " + c);
        };
        ValuesWriter repetition = PROPS.newRepetitionLevelWriter(column);
        ValuesWriter definition = PROPS.newDefinitionLevelWriter(column);
        ByteBuffer le = ByteBuffer.wrap(buffer).order(ByteOrder.LITTLE_ENDIAN);
        int from = 0;
        for (int end : ends) {
            int count = end - from;
            Statistics<?> stats = Statistics.createStats(type);
            SizeStatistics.Builder sizes = SizeStatistics.newBuilder(type, column.getMaxRepetitionLevel(),
                    column.getMaxDefinitionLevel());
            le.clear();
            if (longs != null) {
                le.asLongBuffer().put(longs, from, count);
                for (int i = from; i < end; i++) {
                    stats.updateStats(longs[i]);
                    sizes.add(0, 0);
                }
            } else {
                le.asDoubleBuffer().put(doubles, from, count);
                for (int i = from; i < end; i++) {
                    stats.updateStats(doubles[i]);
                    sizes.add(0, 0);
                }
            }
            // the page store compresses and copies the bytes before it returns, so the buffer is free again
            BytesInput values = BytesInput.from(buffer, 0, count * 8);
            writer.writePage(BytesInput.concat(repetition.getBytes(), definition.getBytes(), values), count, count,
                    stats, sizes.build(), repetition.getEncoding(), definition.getEncoding(), Encoding.PLAIN);
            from = end;
        }
    }

    /**
     * Where parquet-java's ColumnWriteStoreBase (1.15) ends the pages of {@code rows} rows: its size check replayed
     * for columns that all buffer 8 bytes a row (so all end their pages together). Returns each page's end row.
     */
    static int[] pageEnds(int rows) {
        long pageSize = PROPS.getPageSizeThreshold();
        long tolerance = (long) (pageSize * THRESHOLD_TOLERANCE_RATIO);
        int rowLimit = PROPS.getPageRowCountLimit();
        int minCheck = PROPS.getMinRowCountForPageSizeCheck();
        int maxCheck = PROPS.getMaxRowCountForPageSizeCheck();
        int[] ends = new int[rows / 100 + 2];
        int pages = 0;
        long written = 0;
        long nextCheck = minCheck;
        for (long rowCount = 1; rowCount <= rows; rowCount++) {
            if (rowCount < nextCheck) {
                continue;
            }
            long nextRowCountCheck = rowCount + rowLimit;
            long used = 8 * (rowCount - written);
            long inPage = rowCount - written;
            long remaining = pageSize - used;
            if (remaining <= tolerance || inPage >= rowLimit) {
                ends[pages++] = (int) rowCount;
                written = rowCount;
                remaining = pageSize;
            } else {
                nextRowCountCheck = Math.min(nextRowCountCheck, written + rowLimit);
            }
            long toFill = used == 0 ? maxCheck : inPage * remaining / used;
            nextCheck = PROPS.estimateNextSizeCheck()
                    ? rowCount + Math.min(Math.max(toFill / 2, minCheck), maxCheck)
                    : rowCount + minCheck;
            if (nextRowCountCheck < nextCheck) {
                nextCheck = nextRowCountCheck;
            }
        }
        if (written < rows) {
            ends[pages++] = rows;
        }
        return java.util.Arrays.copyOf(ends, pages);
    }
}
