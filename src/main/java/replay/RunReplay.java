package replay;

import backtest.config.BacktestConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import runs.RunIndex;
import storage.AtomicFiles;
import storage.Hashes;
import storage.KlineStore;
import storage.Offsets;

/**
 * {@code replay --run exports/runs/<id>.zip}: checks the bundle ({@code export run}) completely before anything is
 * written - a ZIP of exactly the files of a run folder ({@link #FILES}) under one {@code <run-id>/} folder, no unsafe
 * path entry, no more than {@code maxBundleBytes} compressed or uncompressed, its {@code .sha256} (when beside it)
 * matching, and every month of its lineage.json stored with the same SHA-256 - then re-runs its config.yaml into a
 * temp folder (never over the user's run folder of the same id) and compares every file of the re-run with the
 * bundle's, byte for byte. The first difference is named (file, and for JSON the path, for text the line). The report
 * goes to {@code <exports>/replay-reports/<run-id>.json}; a re-run that differed is kept beside it as
 * {@code <run-id>.rerun/}.
 */
public final class RunReplay {
    /** Exactly the files a run folder holds (what {@code backtest} writes); a bundle must hold these and no others. */
    public static final Set<String> FILES = Set.copyOf(new TreeSet<>(List.of("config.yaml", "decisions.jsonl",
            "decisions.parquet", "equity.parquet", "fills.jsonl", "fills.parquet", "lineage.json", "metrics.json",
            "report.html")));
    /** lineage.json's {@code java_version} names the JVM that ran, not what it computed: not compared. */
    static final Set<String> IGNORED_LINEAGE = Set.of("java_version");

    /** Re-runs a config into {@code <outputRoot>/<run-id>/}; answers that folder. */
    @FunctionalInterface
    public interface Rerun {
        Path run(BacktestConfig cfg, Path outputRoot) throws IOException;
    }

    /** What a run replay found: identical or the first difference, the report, the kept re-run folder (or null). */
    public record Outcome(String runId, boolean identical, String firstDifference, int files, int differing,
                          Path report, Path rerun) {
    }

    private final Path exportsDir;
    /** The store of a symbol: the bundle's lineage is checked against the store of the symbol its config names. */
    private final java.util.function.Function<String, KlineStore> stores;
    private final Rerun rerun;
    private final long maxBundleBytes;

    public RunReplay(Path exportsDir, KlineStore store, Rerun rerun, long maxBundleBytes) {
        this(exportsDir, symbol -> store, rerun, maxBundleBytes);
    }

    public RunReplay(Path exportsDir, java.util.function.Function<String, KlineStore> stores, Rerun rerun,
                     long maxBundleBytes) {
        this.exportsDir = exportsDir;
        this.stores = stores;
        this.rerun = rerun;
        this.maxBundleBytes = maxBundleBytes;
    }

    public Outcome replay(Path bundle, Consumer<String> out) throws IOException {
        Checked c = check(bundle);
        Path reportDir = exportsDir.resolve("replay-reports");
        Files.createDirectories(reportDir);
        removeDeadTemps(reportDir);
        Path tmp = AtomicFiles.tempSibling(reportDir.resolve("." + c.runId));
        Files.createDirectory(tmp);
        try {
            Path folder = rerun.run(c.config, tmp);
            ObjectNode report = ExchangeJson.JSON.createObjectNode();
            report.put("id", c.runId).put("kind", "run").put("bundle", bundle.toString())
                    .put("bundle_sha256", c.sha256);
            ArrayNode list = report.putArray("files");
            String first = null;
            int differing = 0;
            Set<String> names = new TreeSet<>(FILES);
            names.addAll(listFiles(folder));
            try (ZipFile zip = new ZipFile(bundle.toFile())) {
                for (String name : names) {
                    ObjectNode f = list.addObject().put("file", name);
                    ZipEntry e = zip.getEntry(c.runId + "/" + name);
                    Path mine = folder.resolve(name);
                    String diff;
                    if (e == null) {
                        diff = "the re-run wrote it, the bundle does not hold it";
                    } else if (!Files.isRegularFile(mine)) {
                        diff = "the re-run did not write it";
                    } else {
                        byte[] was;
                        try (InputStream in = zip.getInputStream(e)) {
                            was = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, c.sizes.get(name)));
                        }
                        byte[] now = Files.readAllBytes(mine);
                        f.put("bundle_sha256", Hashes.sha256(was)).put("rerun_sha256", Hashes.sha256(now));
                        diff = Arrays.equals(was, now) ? null : difference(name, was, now);
                        if (diff != null && "lineage.json".equals(name) && sameLineage(was, now)) {
                            f.put("note", "only java_version differs (the JVM that ran): not compared");
                            diff = null;
                        }
                    }
                    f.put("result", diff == null ? "identical" : "differed");
                    if (diff != null) {
                        f.put("difference", diff);
                        differing++;
                        first = first == null ? name + " " + diff : first;
                    }
                    out.accept(name + " " + (diff == null ? "identical" : "differed " + diff));
                }
            }
            String rerunId = folder.getFileName().toString();
            if (!rerunId.equals(c.runId)) {
                first = "run id: the re-run is " + rerunId + (first == null ? "" : "; " + first);
                differing++;
            }
            boolean identical = first == null;
            report.put("result", identical ? "identical" : "differed");
            report.put("files_compared", names.size()).put("files_differing", differing);
            if (!identical) {
                report.put("first_difference", first);
            }
            Path kept = reportDir.resolve(c.runId + ".rerun");
            deleteTree(kept);
            if (!identical) {
                Files.move(folder, kept);
                report.put("rerun", kept.toString());
            }
            Path file = reportDir.resolve(c.runId + ".json");
            AtomicFiles.replace(file, (ExchangeJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            return new Outcome(c.runId, identical, first, names.size(), differing, file, identical ? null : kept);
        } finally {
            deleteTree(tmp);
        }
    }

    /** A bundle that passed every check: its run id, config, SHA-256 and each file's uncompressed size. */
    private record Checked(String runId, BacktestConfig config, String sha256, Map<String, Long> sizes) {
    }

    /** Every check before anything is written; a refusal names the bundle and what is wrong in one line. */
    Checked check(Path bundle) throws IOException {
        if (!Files.isRegularFile(bundle)) {
            throw new ReplayRefused(ReplayRefused.BAD_REQUEST, "no run bundle " + bundle + " (export run <id> writes "
                    + "exports/runs/<id>.zip)");
        }
        long size = Files.size(bundle);
        if (size > maxBundleBytes) {
            throw refused(bundle, "is " + size + " bytes, more than app.replay.max-bundle-bytes (" + maxBundleBytes + ")");
        }
        String sha = Hashes.sha256(bundle);
        Path sidecar = bundle.resolveSibling(bundle.getFileName() + ".sha256");
        if (Files.isRegularFile(sidecar) && Files.size(sidecar) < 4096) {
            String recorded = Files.readString(sidecar, StandardCharsets.US_ASCII).strip().split("\\s+")[0];
            if (!recorded.equalsIgnoreCase(sha)) {
                throw refused(bundle, "does not match " + sidecar.getFileName() + " (sha256 " + sha + ", recorded "
                        + recorded + "): changed since it was exported");
            }
        }
        String runId = null;
        Map<String, Long> sizes = new TreeMap<>();
        byte[] configBytes = null;
        byte[] lineageBytes = null;
        try (ZipFile zip = new ZipFile(bundle.toFile())) {
            if (zip.size() > 4 * FILES.size()) {
                throw refused(bundle, "holds " + zip.size() + " entries; a run bundle holds " + FILES.size());
            }
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                if (unsafe(name)) {
                    throw refused(bundle, "holds the unsafe path entry '" + printable(name)
                            + "' (absolute or with ..): refused, nothing extracted");
                }
                int slash = name.indexOf('/');
                String top = slash < 0 ? name : name.substring(0, slash);
                String file = slash < 0 ? "" : name.substring(slash + 1);
                if (runId == null) {
                    if (!RunIndex.validId(top)) {
                        throw refused(bundle, "entry '" + printable(name) + "' is not under a <run-id>/ folder");
                    }
                    runId = top;
                }
                if (!top.equals(runId)) {
                    throw refused(bundle, "entry '" + printable(name) + "' is not under " + runId + "/ (one run per bundle)");
                }
                if (!FILES.contains(file)) {
                    throw refused(bundle, "holds the extra file '" + printable(name) + "' (a run folder holds "
                            + String.join(", ", new TreeSet<>(FILES)) + ")");
                }
                if (sizes.put(file, -1L) != null) {
                    throw refused(bundle, "holds " + name + " twice");
                }
            }
            if (runId == null) {
                throw refused(bundle, "is an empty ZIP");
            }
            List<String> missing = FILES.stream().filter(f -> !sizes.containsKey(f)).sorted().toList();
            if (!missing.isEmpty()) {
                throw refused(bundle, "lacks " + String.join(", ", missing.stream().map(f -> "'" + f + "'").toList())
                        + " (a run bundle holds every file of the run folder)");
            }
            long total = 0;
            for (String file : sizes.keySet()) { // read every entry whole: bounded, CRC-checked
                ZipEntry e = zip.getEntry(runId + "/" + file);
                long n = 0;
                boolean keep = file.equals("config.yaml") || file.equals("lineage.json");
                java.io.ByteArrayOutputStream kept = keep ? new java.io.ByteArrayOutputStream() : null;
                try (InputStream in = zip.getInputStream(e)) {
                    byte[] buf = new byte[1 << 16];
                    for (int r; (r = in.read(buf)) > 0; ) {
                        n += r;
                        if (total + n > maxBundleBytes || keep && n > 16 << 20) {
                            throw refused(bundle, "entry " + runId + "/" + file + " unpacks to more than "
                                    + (keep ? "16 MiB" : "app.replay.max-bundle-bytes (" + maxBundleBytes + " bytes in all)"));
                        }
                        if (keep) {
                            kept.write(buf, 0, r);
                        }
                    }
                }
                total += n;
                sizes.put(file, n);
                if (file.equals("config.yaml")) {
                    configBytes = kept.toByteArray();
                } else if (file.equals("lineage.json")) {
                    lineageBytes = kept.toByteArray();
                }
            }
        } catch (ZipException e) {
            throw refused(bundle, "is not a readable ZIP file (" + e.getMessage() + ")");
        }
        BacktestConfig config;
        try {
            config = BacktestConfig.parse(new String(configBytes, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw refused(bundle, "config.yaml cannot be run: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        requireSameMonths(bundle, lineageBytes, config.symbol());
        return new Checked(runId, config, sha, sizes);
    }

    /** Every month of the bundle's lineage must be stored with the same SHA-256 (offsets.json), else refused by name. */
    private void requireSameMonths(Path bundle, byte[] lineageBytes, String symbol) throws IOException {
        JsonNode months;
        try {
            months = ExchangeJson.JSON.readTree(lineageBytes).path("months");
        } catch (IOException e) {
            throw refused(bundle, "lineage.json is not JSON (" + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")");
        }
        if (!months.isArray()) {
            throw refused(bundle, "lineage.json names no months");
        }
        Offsets offsets;
        try {
            offsets = stores.apply(symbol).offsets();
        } catch (IllegalArgumentException e) {
            throw refused(bundle, "config.yaml names symbol " + symbol + ": " + e.getMessage());
        }
        List<String> differ = new ArrayList<>();
        for (JsonNode m : months) {
            String month = m.path("month").asText();
            String was = m.path("parquet_sha256").asText();
            Offsets.MonthEntry now = offsets.months().get(month);
            if (now == null) {
                differ.add(month + " (not stored)");
            } else if (!now.parquetSha256().equals(was)) {
                differ.add(month + " (stored " + abbrev(now.parquetSha256()) + ", bundle " + abbrev(was) + ")");
            }
        }
        if (!differ.isEmpty()) {
            throw refused(bundle, "the store's " + symbol + " month files differ from the bundle's lineage: " + String.join(", ", differ)
                    + "; nothing re-run (ingest the months the run read, or replay on the store that made it)");
        }
    }

    /** Absolute, a drive letter, a backslash, or a {@code .}/{@code ..}/empty segment: a zip-slip attempt or junk. */
    static boolean unsafe(String name) {
        if (name.isEmpty() || name.startsWith("/") || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0
                || name.matches("^[A-Za-z]:.*")) {
            return true;
        }
        for (String seg : name.split("/", -1)) {
            if (seg.equals("..") || seg.equals(".") || seg.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** How two versions of a file differ: for JSON the first JSON path, for text the first line, else the first byte. */
    static String difference(String name, byte[] was, byte[] now) {
        if (name.endsWith(".json")) {
            try {
                String path = JsonDiff.first(ExchangeJson.JSON.readTree(was), ExchangeJson.JSON.readTree(now), Set.of());
                if (path != null) {
                    return "at " + path;
                }
            } catch (IOException e) {
                // not JSON on one side: compare the lines
            }
        }
        if (name.endsWith(".parquet")) {
            int i = 0;
            while (i < was.length && i < now.length && was[i] == now[i]) {
                i++;
            }
            return "at byte " + i + " (" + was.length + " vs " + now.length + " bytes)";
        }
        List<String> a = new String(was, StandardCharsets.UTF_8).lines().toList();
        List<String> b = new String(now, StandardCharsets.UTF_8).lines().toList();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            String x = i < a.size() ? a.get(i) : null;
            String y = i < b.size() ? b.get(i) : null;
            if (x == null || y == null) {
                return "at line " + (i + 1) + " (" + (x == null ? "only in the re-run" : "only in the bundle") + ")";
            }
            if (!x.equals(y)) {
                if (name.endsWith(".jsonl")) {
                    try {
                        String path = JsonDiff.first(ExchangeJson.JSON.readTree(x), ExchangeJson.JSON.readTree(y), Set.of());
                        if (path != null) {
                            return "at line " + (i + 1) + " " + path;
                        }
                    } catch (IOException e) {
                        // not JSON: the line is all we can name
                    }
                }
                return "at line " + (i + 1);
            }
        }
        return "in line endings or a final newline";
    }

    private static boolean sameLineage(byte[] was, byte[] now) {
        try {
            return JsonDiff.first(ExchangeJson.JSON.readTree(was), ExchangeJson.JSON.readTree(now), IGNORED_LINEAGE) == null;
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> listFiles(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList();
        }
    }

    private static ReplayRefused refused(Path bundle, String why) {
        return new ReplayRefused(ReplayRefused.BAD_INPUT, "run bundle " + bundle + " " + why);
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(200).forEach(c -> b.append(c < 0x20 || c == 0x7f ? "?" : Character.toString(c)));
        return b.toString();
    }

    private static String abbrev(String sha) {
        return sha == null || sha.length() < 12 ? String.valueOf(sha) : sha.substring(0, 12);
    }

    /** Re-run folders of replays whose process died (killed mid-run): nobody will remove them otherwise. */
    private static void removeDeadTemps(Path reportDir) throws IOException {
        try (Stream<Path> s = Files.list(reportDir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(".")
                    && p.getFileName().toString().contains(AtomicFiles.TMP_MARKER)).toList()) {
                if (!AtomicFiles.writerAlive(p)) {
                    deleteTree(p);
                }
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
