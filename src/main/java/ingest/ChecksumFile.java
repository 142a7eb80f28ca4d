package ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Binance's {@code <zip>.CHECKSUM} sibling: one line {@code <sha256 hex>  <zip file name>}; also the
 * {@code <file>.sha256} beside our exports, in the same (sha256sum's) format.
 */
public final class ChecksumFile {
    public static final String SUFFIX = ".CHECKSUM";
    /** The sibling {@code export} writes beside each file. */
    public static final String SHA256_SUFFIX = ".sha256";
    /** A CHECKSUM is one short line; anything longer is refused unread. */
    static final int MAX_BYTES = 1024;
    private static final Pattern LINE = Pattern.compile("\\s*([0-9a-fA-F]{64})(?:\\s+\\*?(\\S+))?\\s*");

    private ChecksumFile() {
    }

    public static Path siblingOf(Path file) {
        return file.resolveSibling(file.getFileName() + SUFFIX);
    }

    public static Path sha256SiblingOf(Path file) {
        return file.resolveSibling(file.getFileName() + SHA256_SUFFIX);
    }

    /** Parses the expected hash; refuses a malformed file or one that names another archive. */
    public static String expectedSha256(Path checksum, String archiveName) {
        String text;
        try {
            long size = Files.size(checksum);
            if (size > MAX_BYTES) {
                throw IngestRejectedException.of(RejectCode.CHECKSUM_UNREADABLE, archiveName, checksum.getFileName()
                        + " is " + size + " bytes; a CHECKSUM is one line '<sha256>  <file name>' (at most " + MAX_BYTES + ")");
            }
            text = Files.readString(checksum, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw IngestRejectedException.of(RejectCode.CHECKSUM_UNREADABLE, archiveName,
                    "cannot read " + checksum.getFileName() + ": " + e.getMessage());
        }
        Matcher m = LINE.matcher(text);
        if (!m.matches()) {
            throw IngestRejectedException.of(RejectCode.CHECKSUM_UNREADABLE, archiveName,
                    checksum.getFileName() + " is not '<sha256>  <file name>'");
        }
        if (m.group(2) != null && !m.group(2).equals(archiveName)) {
            throw IngestRejectedException.of(RejectCode.CHECKSUM_MISMATCH, archiveName,
                    checksum.getFileName() + " is for '" + Printable.text(m.group(2), 100) + "', not for this file");
        }
        return m.group(1).toLowerCase(Locale.ROOT);
    }
}
