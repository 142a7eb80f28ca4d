package ingest;

/**
 * A run of whole CSV lines as raw bytes ({@code data[0..length)}), the unit one Camel split exchange carries.
 * {@code firstLine} is the 1-based line number of the first line in the source file.
 */
public record LineBatch(byte[] data, int length, long firstLine, int lineCount) {
}
