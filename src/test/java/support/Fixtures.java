package support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import storage.Hashes;

/** Test inputs: the real Binance day (copied from ../shared/data/binance-real) and archive builders. */
public final class Fixtures {
    public static final String REAL_DAY = "BTCUSDT-1m-2023-01-21";

    private Fixtures() {
    }

    /** The real day's CSV text for an interval (1m, 3m, ..., 1d), exactly as Binance published it. */
    public static String realCsv(String interval) {
        String name = "/binance-real/BTCUSDT-" + interval + "-2023-01-21.csv";
        try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<String> realLines() {
        return new ArrayList<>(realCsv("1m").lines().toList());
    }

    /** The real day with both time columns in microseconds, as Binance writes spot files from 2025 on. */
    public static String realCsvMicros() {
        StringBuilder sb = new StringBuilder();
        for (String line : realLines()) {
            String[] f = line.split(",", -1);
            f[0] = f[0] + "000";
            f[6] = f[6] + "000";
            sb.append(String.join(",", f)).append('\n');
        }
        return sb.toString();
    }

    /** Writes {@code dir/<base>.zip} holding one entry {@code <base>.csv}; returns the zip path. */
    public static Path zip(Path dir, String base, String csv) throws IOException {
        return zipEntries(dir.resolve(base + ".zip"), Map.of(base + ".csv", csv));
    }

    /** Writes a zip with the given entries (name -> content) in a stable order. */
    public static Path zipEntries(Path zip, Map<String, String> entries) throws IOException {
        Files.createDirectories(zip.toAbsolutePath().getParent());
        try (OutputStream fo = Files.newOutputStream(zip); ZipOutputStream zo = new ZipOutputStream(fo)) {
            for (String name : entries.keySet().stream().sorted().toList()) {
                zo.putNextEntry(entry(name));
                zo.write(entries.get(name).getBytes(StandardCharsets.US_ASCII));
                zo.closeEntry();
            }
        }
        return zip;
    }

    /** Writes {@code dir/<base>.zip} holding one entry {@code <base>.csv} with exactly these bytes. */
    public static Path zipBytes(Path dir, String base, byte[] csv) throws IOException {
        Path zip = dir.resolve(base + ".zip");
        Files.createDirectories(dir);
        try (OutputStream fo = Files.newOutputStream(zip); ZipOutputStream zo = new ZipOutputStream(fo)) {
            zo.putNextEntry(entry(base + ".csv"));
            zo.write(csv);
            zo.closeEntry();
        }
        return zip;
    }

    /**
     * A ZIP entry with a fixed time: the same content zipped twice is the same bytes (by default the entry carries the
     * clock's time at 2-second steps, so two archives of one CSV made across a step differed - and a test expecting
     * "already ingested" for the second failed, now and then, under load).
     */
    public static ZipEntry entry(String name) {
        ZipEntry e = new ZipEntry(name);
        e.setTime(946_684_800_000L); // 2000-01-01T00:00:00Z
        return e;
    }

    /** The regular files under {@code dir}, as paths relative to it, sorted; none when it does not exist. */
    public static List<String> filesUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    /** Writes Binance's CHECKSUM sibling for a file. */
    public static Path checksum(Path file) throws IOException {
        Path c = file.resolveSibling(file.getFileName() + ".CHECKSUM");
        Files.writeString(c, Hashes.sha256(file) + "  " + file.getFileName() + "\n");
        return c;
    }

    /** Replaces field {@code column} (0-based) on line {@code lineNo} (1-based) of the CSV. */
    public static String withField(String csv, int lineNo, int column, String value) {
        List<String> lines = new ArrayList<>(csv.lines().toList());
        String[] f = lines.get(lineNo - 1).split(",", -1);
        f[column] = value;
        lines.set(lineNo - 1, String.join(",", f));
        return String.join("\n", lines) + "\n";
    }
}
