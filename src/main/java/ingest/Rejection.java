package ingest;

import java.time.Instant;

/**
 * A refused input, as a value: what was wrong, where (file, 1-based line, field), and the SHA-256 of the
 * file as received. {@code line} is 0 and {@code field} null when the problem is not tied to a row.
 */
public record Rejection(RejectCode code, String message, String file, long line, String field, String sha256,
                        Instant rejectedAt) {
    /** Longest message kept (values quoted inside are bounded much shorter where they are quoted). */
    static final int MAX_MESSAGE_CHARS = 1000;
    static final int MAX_FILE_CHARS = 300;

    /** Message and file name come from the input: they are escaped and bounded for terminals, logs and reason files. */
    public Rejection {
        message = Printable.text(message, MAX_MESSAGE_CHARS);
        file = Printable.text(file, MAX_FILE_CHARS);
    }

    public Rejection withSha256(String sha) {
        return new Rejection(code, message, file, line, field, sha, rejectedAt);
    }

    public Rejection withFile(String name) {
        return new Rejection(code, message, name, line, field, sha256, rejectedAt);
    }

    /** One line for logs and the CLI: {@code CODE file:line field: message}. */
    public String describe() {
        StringBuilder sb = new StringBuilder(code.name()).append(' ').append(file);
        if (line > 0) {
            sb.append(':').append(line);
        }
        if (field != null) {
            sb.append(" field ").append(field);
        }
        return sb.append(": ").append(message).toString();
    }
}
