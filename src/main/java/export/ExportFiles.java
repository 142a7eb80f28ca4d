package export;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import storage.AtomicFiles;
import storage.Hashes;

/**
 * Publishes one export file: written to a temp sibling while hashed, fsynced, then renamed over the target (a reader
 * sees the old file or the new one), with {@code <file>.sha256} beside it in sha256sum's format
 * ({@code <hex>  <name>}). When the target already holds exactly these bytes it is not rewritten: the answer says
 * {@code unchanged}.
 */
public final class ExportFiles {
    private ExportFiles() {
    }

    /** Writes the content of a file to a stream. */
    @FunctionalInterface
    public interface Content<T> {
        T writeTo(OutputStream out) throws IOException;
    }

    /** A published file: its SHA-256, whether it was (re)written, and what the content writer answered. */
    public record Published<T>(Path file, String sha256, boolean changed, T info) {
    }

    public static <T> Published<T> publish(Path target, Content<T> content) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path tmp = AtomicFiles.tempSibling(target);
        try {
            MessageDigest md = sha256();
            T info;
            try (OutputStream out = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16), md)) {
                info = content.writeTo(out);
            }
            String sha = HexFormat.of().formatHex(md.digest());
            Path sidecar = sidecar(target);
            byte[] line = sidecarLine(target, sha);
            boolean same = Files.isRegularFile(target) && Hashes.sha256(target).equals(sha);
            if (!same) {
                AtomicFiles.fsync(tmp);
                AtomicFiles.moveAtomically(tmp, target);
            }
            boolean sidecarSame = Files.isRegularFile(sidecar) && java.util.Arrays.equals(Files.readAllBytes(sidecar), line);
            if (!sidecarSame) {
                AtomicFiles.replace(sidecar, line);
            }
            return new Published<>(target, sha, !same || !sidecarSame, info);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** {@code <file>.sha256}. */
    public static Path sidecar(Path file) {
        return file.resolveSibling(file.getFileName() + ".sha256");
    }

    static byte[] sidecarLine(Path file, String sha) {
        return (sha + "  " + file.getFileName() + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
