package features;

import ingest.IngestOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import storage.AtomicFiles;
import storage.KlineStore;

/**
 * The features stage behind the features route: computes frames to Parquet, spot-checks them, and recomputes the
 * standing feature files ({@code features/<interval>-<indicators>/YYYY-MM.parquet}) of a month, and of the next
 * month whose warm-up reads it, when new 1m data lands.
 */
public final class FeatureService {
    private static final Logger LOG = LoggerFactory.getLogger(FeatureService.class);

    private final KlineStore store;
    private final Path featuresDir;
    private final List<FeatureSpec> standing;

    public FeatureService(KlineStore store, Path featuresDir, List<FeatureSpec> standing) {
        this.store = store;
        this.featuresDir = featuresDir;
        this.standing = List.copyOf(standing);
    }

    public FeatureResult handle(FeatureRequest request) throws IOException {
        return switch (request) {
            case FeatureRequest.Compute c -> compute(c);
            case FeatureRequest.Sample s -> sample(s);
        };
    }

    private DataSource source(FeatureSpec spec) {
        return new ParquetDataSource(store, spec.gapPolicy(), false);
    }

    FeatureResult.Computed compute(FeatureRequest.Compute c) throws IOException {
        long t0 = System.nanoTime();
        FeatureFrame frame = nonEmpty(new FeatureEngine(source(c.spec())).compute(c.spec(), c.start(), c.end()),
                c.start(), c.end());
        Path out = c.out() != null ? c.out() : featuresDir.resolve(c.spec().slug() + "_" + stamp(c.start()) + "_"
                + stamp(c.end()) + ".parquet");
        write(out, frame);
        int warm = 0;
        int filled = 0;
        for (int i = 0; i < frame.size(); i++) {
            boolean allWarm = true;
            for (double[] col : frame.columns().values()) {
                allWarm &= !Double.isNaN(col[i]);
            }
            warm += allWarm ? 1 : 0;
            filled += frame.bars().filled(i) ? 1 : 0;
        }
        Bars b = frame.bars();
        long missing = 0;
        List<String> gaps = new ArrayList<>();
        if (c.spec().gapPolicy() == GapPolicy.NONE) { // "none" means: leave the holes and report them
            BarsWithGaps minutes = new ParquetDataSource(store, GapPolicy.NONE, true)
                    .fetchWithGaps(Interval.M1, c.start(), c.end());
            missing = minutes.missingMinutes();
            minutes.gaps().forEach(g -> gaps.add(g.toString()));
        }
        return new FeatureResult.Computed(out, frame.size(), warm, filled,
                b.size() == 0 ? null : Instant.ofEpochMilli(b.openTime[0]),
                b.size() == 0 ? null : Instant.ofEpochMilli(b.openTime[b.size() - 1]), (System.nanoTime() - t0) / 1_000_000,
                missing, gaps);
    }

    FeatureResult.Sampled sample(FeatureRequest.Sample s) throws IOException {
        DataSource source = source(s.spec());
        FeatureFrame frame = nonEmpty(new FeatureEngine(source).compute(s.spec(), s.start(), s.end()), s.start(), s.end());
        return new FeatureSampler(store, source).sample(frame, s.n(), s.seed());
    }

    /** A frame without bars is refused: an empty file or a check of nothing would pass for an answer. */
    private static FeatureFrame nonEmpty(FeatureFrame frame, Instant start, Instant end) {
        if (frame.size() == 0) {
            throw new IllegalArgumentException("no bars stored between " + start + " and " + end
                    + " (ingest or backfill them first)");
        }
        return frame;
    }

    /** After an ingest that changed a month: recompute the standing feature files of that month and the next. */
    public List<Path> refreshAfterIngest(IngestOutcome outcome) throws IOException {
        List<Path> written = new ArrayList<>();
        if (outcome == null || outcome.status() != IngestOutcome.Status.INGESTED
                || outcome.added() + outcome.replaced() == 0) {
            return written;
        }
        YearMonth month = YearMonth.parse(outcome.month());
        for (FeatureSpec spec : standing) {
            for (YearMonth m : List.of(month, month.plusMonths(1))) {
                if (!Files.exists(store.monthFile(m))) {
                    continue;
                }
                Instant start = m.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
                Instant end = m.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
                FeatureFrame frame = new FeatureEngine(source(spec)).compute(spec, start, end);
                Path out = featuresDir.resolve(spec.slug()).resolve(m + ".parquet");
                write(out, frame);
                written.add(out);
            }
        }
        LOG.info("features refreshed after {}: {}", outcome.file(), written);
        return written;
    }

    public Path standingFile(FeatureSpec spec, YearMonth month) {
        return featuresDir.resolve(spec.slug()).resolve(month + ".parquet");
    }

    private static void write(Path out, FeatureFrame frame) throws IOException {
        Files.createDirectories(out.toAbsolutePath().getParent());
        Path tmp = AtomicFiles.tempSibling(out);
        try {
            FeatureParquet.write(tmp, frame);
            AtomicFiles.fsync(tmp);
            AtomicFiles.moveAtomically(tmp, out);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static String stamp(Instant t) {
        return t.toString().replace(":", "").replace("-", "");
    }
}
