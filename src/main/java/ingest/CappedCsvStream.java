package ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A plain CSV file read with the same cap as an archive entry ({@code app.ingest.max-entry-bytes}): the bytes are
 * counted while they stream and the file is refused with {@link RejectCode#CSV_TOO_LARGE} once it passes the cap.
 */
final class CappedCsvStream extends FilterInputStream {
    private final long cap;
    private final String file;
    private long count;

    CappedCsvStream(InputStream in, long cap, String file) {
        super(in);
        this.cap = cap;
        this.file = file;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            count += n;
            if (count > cap) {
                throw tooLarge(file, cap);
            }
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = in.skip(n);
        count += skipped;
        if (count > cap) {
            throw tooLarge(file, cap);
        }
        return skipped;
    }

    static IngestRejectedException tooLarge(String file, long cap) {
        return IngestRejectedException.of(RejectCode.CSV_TOO_LARGE, file, "CSV is larger than " + cap
                + " bytes (app.ingest.max-entry-bytes, the cap of one archive entry)");
    }
}
