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
        return encodeHashed(rows).bytes();
    }

    /** As {@link #encode}, with the file's SHA-256 (most of it computed while the footer is made). */
    static Encoded encodeHashed(KlineColumns rows) throws IOException {
        try (Encoder encoder = new Encoder()) {
            return encoder.finish(rows);
        }
    }

    /** A file made in memory (bytes position to limit) and its SHA-256 (lower-case hex). */
    record Encoded(ByteBuffer bytes, String sha256) {
    }

    /** The most rows a month holds (31 days): what the in-memory file is first sized for when pages come ahead. */
    private static final int MONTH_ROWS = 44_640;

    /**
     * Where the pages of any file of up to {@link #MAX_ROWS} rows end, as far as its rows go: the size check replayed
     * is causal (whether a page ends at a row depends only on the rows before it), so every page end of
     * {@code pageEnds(n)} below {@code n} is one of these, and {@code n} closes the last page.
     */
    private static final int[] EARLY_ENDS = pageEnds(MAX_ROWS);

    /** Whether {@code n} rows complete a page beyond the first {@code done} rows (a page end of {@link #EARLY_ENDS}). */
    static boolean completesPage(int done, int n) {
        for (int end : EARLY_ENDS) {
            if (end > done) {
                return end <= Math.min(n, MAX_ROWS);
            }
        }
        return false;
    }

    /**
     * A month file's pages encoded as its rows arrive: {@link #advance} hands every page that the rows seen so far
     * complete to the page store (one page of each column at a time, on the caller's thread), {@link #finish} encodes
     * the rest and writes the file. The pages and the file are those {@link #encode} makes of the same rows, byte for
     * byte: the same page writers get the same pages in the same order, only sooner. The rows must only grow between
     * the calls (rows already encoded never change); {@link #finish} checks that the pages written early are the first
     * pages of the whole file.
     */
    static final class Encoder implements AutoCloseable {
        private final BytesInputCompressor compressor =
                SnappyCodecFactory.INSTANCE.getCompressor(CompressionCodecName.SNAPPY);
        private final ColumnChunkPageWriteStore pages = new ColumnChunkPageWriteStore(compressor, KlineParquet.SCHEMA,
                PROPS.getAllocator(), PROPS.getColumnIndexTruncateLength(), PROPS.getPageWriteChecksumEnabled(), null, 0);
        /** Pages handed to the page store so far (each column the same), and the rows they hold. */
        private int pagesDone;
        private int rowsDone;
        private byte[] buffer;
        /** The file in memory, made ready with the first page ahead (its zeroing off the commit's path). */
        private MemoryFile out;

        /** Encodes every page the first {@code rows.size()} rows complete and that is not encoded yet. */
        void advance(KlineColumns rows) throws IOException {
            int n = Math.min(rows.size(), MAX_ROWS);
            if (pagesDone >= EARLY_ENDS.length || EARLY_ENDS[pagesDone] > n) {
                return;
            }
            int to = pagesDone;
            while (to < EARLY_ENDS.length && EARLY_ENDS[to] <= n) {
                to++;
            }
            int[] ends = java.util.Arrays.copyOfRange(EARLY_ENDS, pagesDone, to);
            if (buffer == null) {
                buffer = new byte[pageBytes(EARLY_ENDS)];
                out = new MemoryFile(MONTH_ROWS * 80 + 8192);
            }
            List<ColumnDescriptor> columns = KlineParquet.SCHEMA.getColumns();
            for (int c = 0; c < columns.size(); c++) {
                writeColumn(pages.getPageWriter(columns.get(c)), columns.get(c), c, rows, rowsDone, ends, buffer);
            }
            pagesDone = to;
            rowsDone = ends[ends.length - 1];
        }

        /** Rows in the pages encoded so far. */
        int rowsEncoded() {
            return rowsDone;
        }

        /**
         * Encodes the pages not encoded yet and returns the whole file of {@code rows} (bytes 0..limit) with its
         * SHA-256: the column chunks, final once flushed (only the footer is rewritten after), are hashed by a helper
         * while this thread makes the indexes and the footer.
         */
        Encoded finish(KlineColumns rows) throws IOException {
            int n = rows.size();
            if (n < 1 || n > MAX_ROWS) {
                throw new IllegalArgumentException("ColumnPages writes 1.." + MAX_ROWS + " rows, not " + n);
            }
            int[] all = pageEnds(n);
            if (pagesDone > all.length || (pagesDone > 0 && all[pagesDone - 1] != rowsDone)) {
                throw new IllegalStateException("pages encoded early (" + pagesDone + " pages, " + rowsDone
                        + " rows) are not the first pages of a file of " + n + " rows");
            }
            writeColumns(pages, rows, rowsDone, java.util.Arrays.copyOfRange(all, pagesDone, all.length));
            pagesDone = all.length;
            rowsDone = n;
            MemoryFile file = out != null ? out : new MemoryFile(n * 80 + 8192);
            out = null;
            ParquetFileWriter writer = new ParquetFileWriter(file, KlineParquet.SCHEMA,
                    ParquetFileWriter.Mode.CREATE, ROW_GROUP_SIZE, ParquetWriter.MAX_PADDING_SIZE_DEFAULT, null, PROPS);
            java.security.MessageDigest digest = Hashes.sha256Digest();
            Future<Void> chunksHashed = null;
            ByteBuffer bytes;
            try {
                writer.start();
                writer.startBlock(n);
                pages.flushToFileWriter(writer);
                byte[] chunks = file.buf; // a later growth copies into another array; these bytes stay as they are
                int flushed = file.size;
                chunksHashed = Background.submit(() -> digest.update(chunks, 0, flushed));
                writer.endBlock();
                Map<String, String> metadata = new HashMap<>();
                metadata.put("writer", "kline-pipeline"); // RowWriteSupport's footer metadata
                writer.end(metadata);
                bytes = ParquetFooter.sortEncodingsInPlace(file.buf, file.size); // rewrites the footer alone
                Future<Void> hashed = chunksHashed;
                chunksHashed = null;
                Background.await(hashed);
                ByteBuffer rest = bytes.duplicate();
                rest.position(rest.position() + flushed);
                digest.update(rest);
            } finally {
                if (chunksHashed != null) {
                    Background.awaitQuietly(chunksHashed);
                }
                writer.close();
            }
            return new Encoded(bytes, java.util.HexFormat.of().formatHex(digest.digest()));
        }

        @Override
        public void close() {
            pages.close();
        }
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
     * Encodes and compresses the eleven columns' pages ending at {@code ends} (the first starting at row {@code from}),
     * this thread and a helper taking the next column in turn: each column has its own page writer in the store, so
     * the chunks come out the same whichever thread made them.
     */
    private static void writeColumns(ColumnChunkPageWriteStore pages, KlineColumns rows, int from, int[] ends)
            throws IOException {
        if (ends.length == 0) {
            return;
        }
        List<ColumnDescriptor> columns = KlineParquet.SCHEMA.getColumns();
        int bufferBytes = pageBytes(from, ends);
        AtomicInteger nextColumn = new AtomicInteger();
        Background.IoTask share = () -> {
            byte[] buffer = new byte[bufferBytes];
            for (int c; (c = nextColumn.getAndIncrement()) < columns.size(); ) {
                writeColumn(pages.getPageWriter(columns.get(c)), columns.get(c), c, rows, from, ends, buffer);
            }
        };
        Future<Void> helper = ends[ends.length - 1] - from >= PARALLEL_ROWS ? Background.submit(share) : null;
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
        return pageBytes(0, ends);
    }

    private static int pageBytes(int first, int[] ends) {
        int max = 0;
        for (int p = 0, from = first; p < ends.length; from = ends[p++]) {
            max = Math.max(max, ends[p] - from);
        }
        return max * 8;
    }

    /** Writes column {@code c}'s pages ending at {@code ends}, the first starting at row {@code from}. */
    private static void writeColumn(PageWriter writer, ColumnDescriptor column, int c, KlineColumns rows, int from,
                                    int[] ends, byte[] buffer) throws IOException {
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
