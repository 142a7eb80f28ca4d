package storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Written (durably) before a new month file is renamed into place: the month, the new file's SHA-256 and the
 * metadata that goes with it. After a crash, the month file's hash tells whether the rename happened.
 */
record PendingCommit(String month, String parquetSha256, Offsets offsets) {

    /** The pending file's content and the content of the offsets.json it leads to. */
    record Bytes(byte[] pending, byte[] offsets) {
        static Bytes of(PendingCommit pending) {
            return new Bytes(toBytes(pending), OffsetsCodec.toBytes(pending.offsets()));
        }
    }

    static byte[] toBytes(PendingCommit pending) {
        try {
            return OffsetsCodec.JSON.writeValueAsBytes(pending);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Null when the file is torn or unreadable (then the month rename cannot have happened). */
    static PendingCommit readOrNull(Path file) {
        try {
            return OffsetsCodec.JSON.readValue(Files.readAllBytes(file), PendingCommit.class);
        } catch (IOException e) {
            return null;
        }
    }
}
