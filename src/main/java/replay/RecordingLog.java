package replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/**
 * Appends recorded exchanges to {@code <dir>/<route>/YYYY-MM-DD.jsonl} (UTC day). One channel per file, shared by
 * every thread and guarded by its own lock, and each line written with one {@code write} call of the whole line
 * (newline included) on an {@code APPEND} channel: a reader never sees two lines interleaved, and a process killed
 * mid-way leaves at most one truncated last line, which replay reports as failed.
 */
public final class RecordingLog implements AutoCloseable {
    private final Path dir;
    private final Map<Path, FileChannel> open = new HashMap<>();

    public RecordingLog(Path dir) {
        this.dir = dir;
    }

    /** The folder of a route's recordings. */
    public Path routeDir(String route) {
        return dir.resolve(route);
    }

    /** Appends one JSON line (without its newline) for {@code route} to the file of {@code day}. */
    public void append(String route, LocalDate day, String jsonLine) {
        Path file = routeDir(route).resolve(day + ".jsonl");
        byte[] bytes = (jsonLine + "\n").getBytes(StandardCharsets.UTF_8);
        FileChannel ch = channel(file);
        synchronized (ch) {
            try {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) { // one call writes it all on local files; the loop is for the contract
                    ch.write(buf);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Today in UTC: the recordings' file name. */
    public static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    private synchronized FileChannel channel(Path file) {
        FileChannel ch = open.get(file);
        if (ch == null) {
            try {
                Files.createDirectories(file.getParent());
                ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            open.put(file, ch);
        }
        return ch;
    }

    @Override
    public synchronized void close() {
        for (FileChannel ch : open.values()) {
            try {
                ch.close();
            } catch (IOException e) {
                // closing: nothing more to write
            }
        }
        open.clear();
    }
}
