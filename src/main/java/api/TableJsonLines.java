package api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import storage.TableRows;

/**
 * A Parquet table as JSON lines, produced while it is read (one row group in memory): one object per row, column
 * names as keys, times as ISO-8601 instants, nulls as null.
 */
final class TableJsonLines extends InputStream {
    private final TableRows rows;
    private final List<String> names;
    private byte[] line = new byte[0];
    private int pos;
    private boolean end;

    private TableJsonLines(TableRows rows) {
        this.rows = rows;
        this.names = rows.names();
    }

    static InputStream of(Path parquet) throws IOException {
        return new TableJsonLines(TableRows.open(parquet));
    }

    @Override
    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return line[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int n = 0;
        while (n < len && fill()) {
            int k = Math.min(len - n, line.length - pos);
            System.arraycopy(line, pos, b, off + n, k);
            pos += k;
            n += k;
        }
        return n == 0 ? -1 : n;
    }

    private boolean fill() throws IOException {
        while (pos >= line.length) {
            if (end) {
                return false;
            }
            Object[] row = rows.next();
            if (row == null) {
                end = true;
                return false;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            for (int c = 0; c < row.length; c++) {
                m.put(names.get(c), row[c] instanceof Instant t ? t.toString() : row[c]);
            }
            line = (ApiJson.MAPPER.writeValueAsString(m) + "\n").getBytes(StandardCharsets.UTF_8);
            pos = 0;
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        rows.close();
    }
}
