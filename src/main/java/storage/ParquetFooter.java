package storage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Util;

/**
 * Makes a written Parquet file's footer byte-stable across JVMs. parquet-java (up to at least 1.15) collects each
 * column chunk's encodings in a {@code HashSet} of enum values and writes them in its iteration order, which
 * follows identity hash codes and so changes from one JVM to the next (apache/parquet-java#3215): the same rows
 * gave files differing in a few footer bytes. {@link #sortEncodings(Path)} rewrites those lists in ascending
 * order of their Thrift value; nothing else in the file changes, and only the footer is read and written.
 */
final class ParquetFooter {
    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
    private static final int TAIL = 8; // footer length (int32 little-endian) + magic

    private ParquetFooter() {
    }

    /**
     * Sorts every column chunk's encodings list in the footer of {@code file} (a complete, unencrypted Parquet file)
     * in place; returns whether anything was out of order. Call before the file is synced, hashed or renamed.
     */
    static boolean sortEncodings(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            if (size < MAGIC.length + TAIL) {
                throw new IOException("not a Parquet file (" + size + " bytes): " + file);
            }
            ByteBuffer tail = read(ch, size - TAIL, TAIL).order(ByteOrder.LITTLE_ENDIAN);
            byte[] magic = new byte[MAGIC.length];
            tail.get(4, magic);
            int length = tail.getInt(0);
            long footerStart = size - TAIL - length;
            if (!Arrays.equals(magic, MAGIC) || length <= 0 || footerStart < MAGIC.length) {
                throw new IOException("no plain Parquet footer at the end of " + file);
            }
            byte[] footerBytes = read(ch, footerStart, length).array();
            FileMetaData metadata = Util.readFileMetaData(new ByteArrayInputStream(footerBytes));
            if (!sortEncodings(metadata)) {
                return false;
            }
            ByteArrayOutputStream footer = new ByteArrayOutputStream(length);
            Util.writeFileMetaData(metadata, footer);
            ByteBuffer out = ByteBuffer.allocate(footer.size() + TAIL).order(ByteOrder.LITTLE_ENDIAN)
                    .put(footer.toByteArray()).putInt(footer.size()).put(MAGIC).flip();
            while (out.hasRemaining()) {
                ch.write(out, footerStart + out.position());
            }
            ch.truncate(footerStart + footer.size() + TAIL); // same length in practice (same encodings, same count)
            return true;
        }
    }

    /**
     * As {@link #sortEncodings(Path)} for a whole file in memory, {@code file[0..size)}: the footer is rewritten in
     * place (same encodings, so the same length); returns the file's bytes as a buffer (a copy only should the footer's
     * length ever change).
     */
    static ByteBuffer sortEncodingsInPlace(byte[] file, int size) throws IOException {
        if (size < MAGIC.length + TAIL) {
            throw new IOException("not a Parquet file (" + size + " bytes)");
        }
        ByteBuffer tail = ByteBuffer.wrap(file, size - TAIL, TAIL).order(ByteOrder.LITTLE_ENDIAN);
        int length = tail.getInt(size - TAIL);
        int footerStart = size - TAIL - length;
        if (!Arrays.equals(file, size - MAGIC.length, size, MAGIC, 0, MAGIC.length) || length <= 0
                || footerStart < MAGIC.length) {
            throw new IOException("no plain Parquet footer at the end of the file");
        }
        FileMetaData metadata = Util.readFileMetaData(new ByteArrayInputStream(file, footerStart, length));
        if (!sortEncodings(metadata)) {
            return ByteBuffer.wrap(file, 0, size);
        }
        ByteArrayOutputStream footer = new ByteArrayOutputStream(length);
        Util.writeFileMetaData(metadata, footer);
        if (footer.size() == length) {
            System.arraycopy(footer.toByteArray(), 0, file, footerStart, length);
            return ByteBuffer.wrap(file, 0, size);
        }
        return ByteBuffer.allocate(footerStart + footer.size() + TAIL).order(ByteOrder.LITTLE_ENDIAN)
                .put(file, 0, footerStart).put(footer.toByteArray()).putInt(footer.size()).put(MAGIC).flip()
                .order(ByteOrder.BIG_ENDIAN);
    }

    /** Sorts the encodings lists of {@code metadata}; returns whether any was out of order. */
    static boolean sortEncodings(FileMetaData metadata) {
        boolean changed = false;
        for (RowGroup group : metadata.getRow_groups()) {
            for (ColumnChunk chunk : group.getColumns()) {
                ColumnMetaData column = chunk.getMeta_data();
                if (column == null || column.getEncodings() == null) {
                    continue;
                }
                List<Encoding> sorted = new ArrayList<>(column.getEncodings());
                sorted.sort(Comparator.comparingInt(Encoding::getValue));
                if (!sorted.equals(column.getEncodings())) {
                    column.setEncodings(sorted);
                    changed = true;
                }
            }
        }
        return changed;
    }

    private static ByteBuffer read(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            if (ch.read(b, position + b.position()) < 0) {
                throw new IOException("unexpected end of file at " + (position + b.position()));
            }
        }
        return b.flip();
    }
}
