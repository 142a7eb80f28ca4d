package verify;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import storage.OffsetsCodec;

/** The report as readable text (for the terminal) and as JSON (snake_case, ISO-8601 UTC, like offsets.json). */
public final class VerifyReportFormatter {
    private VerifyReportFormatter() {
    }

    public static String text(VerifyReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("verify ").append(r.symbol()).append(": ");
        if (r.checkedFrom() == null) {
            sb.append("nothing stored in the requested range\n");
        } else {
            sb.append(r.checkedFrom()).append(" .. ").append(r.checkedTo()).append(" (").append(r.months().size())
                    .append(" months, ").append(r.rows()).append(" rows, ").append(r.missingMinutes())
                    .append(" missing minutes)\n");
        }
        if (!r.months().isEmpty()) {
            sb.append(String.format("  %-8s %-16s %7s  %-20s  %-20s  %7s%n", "month", "file", "rows", "first", "last",
                    "missing"));
        }
        for (MonthSummary m : r.months()) {
            sb.append(String.format("  %-8s %-16s %7d  %-20s  %-20s  %7d%n", m.month(), dash(m.file()), m.rows(),
                    dash(m.firstOpenTime()), dash(m.lastOpenTime()), m.missingMinutes()));
        }
        for (Problem p : r.problems()) {
            sb.append("  ").append(p.kind()).append(' ').append(p.month() == null ? "store" : p.month()).append(": ")
                    .append(p.message()).append('\n');
            if (p.kind() != ProblemKind.GAP) {
                p.ranges().forEach(range -> sb.append("      ").append(range).append('\n'));
            }
        }
        sb.append(r.clean() ? "CLEAN: no problems found"
                : "PROBLEMS: " + r.problems().size() + " found (" + r.missingMinutes() + " missing minutes)");
        return sb.append('\n').toString();
    }

    public static byte[] json(VerifyReport r) {
        try {
            return OffsetsCodec.JSON.writeValueAsBytes(r);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise the verify report", e);
        }
    }

    /** {@code verify --all}: the reports as one JSON array, one per symbol. */
    public static void writeJson(java.util.List<VerifyReport> reports, Path file) throws IOException {
        write(OffsetsCodec.JSON.writeValueAsBytes(reports), file);
    }

    public static void writeJson(VerifyReport r, Path file) throws IOException {
        write(json(r), file);
    }

    private static void write(byte[] json, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            Files.write(file, json);
        } catch (FileSystemException e) {
            throw e;
        } catch (IOException e) { // a failed write (a full disk) names no file by itself; the CLI's error line must
            FileSystemException named = new FileSystemException(file.toString(), null,
                    e.getMessage());
            named.initCause(e);
            throw named;
        }
    }

    private static String dash(Object o) {
        return o == null ? "-" : o instanceof Instant i ? i.toString() : o.toString();
    }
}
