package gen;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import storage.Hashes;

/** Packs a CSV the way Binance Vision does: {@code NAME.zip} holding {@code NAME.csv}, plus {@code NAME.zip.CHECKSUM}. */
public final class BinanceArchive {
    private BinanceArchive() {
    }

    /** Zips {@code csv} into {@code dir/<csv base name>.zip} and writes its CHECKSUM; returns the zip path. */
    public static Path zipWithChecksum(Path csv, Path dir) throws IOException {
        Path zip = zip(csv, dir);
        writeChecksum(zip);
        return zip;
    }

    public static Path zip(Path csv, Path dir) throws IOException {
        String entry = csv.getFileName().toString();
        Path zip = dir.resolve(entry.substring(0, entry.length() - 4) + ".zip");
        Files.createDirectories(dir);
        try (OutputStream fo = Files.newOutputStream(zip); ZipOutputStream zo = new ZipOutputStream(fo)) {
            ZipEntry e = new ZipEntry(entry);
            e.setTime(0);
            zo.putNextEntry(e);
            Files.copy(csv, zo);
            zo.closeEntry();
        }
        return zip;
    }

    public static Path writeChecksum(Path zip) throws IOException {
        Path checksum = zip.resolveSibling(zip.getFileName() + ".CHECKSUM");
        Files.writeString(checksum, Hashes.sha256(zip) + "  " + zip.getFileName() + "\n", StandardCharsets.US_ASCII);
        return checksum;
    }
}
