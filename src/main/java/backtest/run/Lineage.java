package backtest.run;

import java.io.IOException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import storage.Hashes;
import storage.KlineStore;
import storage.Offsets;

/**
 * Where a run's numbers come from: the resolved config's SHA-256, every month file the run read (with the SHA-256
 * offsets.json records for it and the input files it was built from), the program version, and the SHA-256 of a
 * user's prompt template ({@code prompt_sha256}, LLM runs with {@code strategy.llm.prompt_file} only). Two runs with the
 * same lineage read the same bytes under the same settings.
 */
public record Lineage(String configSha256, String programVersion, String javaVersion, Instant dataFrom, Instant dataTo,
                      List<MonthRead> months,
                      @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                      String promptSha256) {

    /** This lineage with the SHA-256 of the run's prompt template file ({@code strategy.llm.prompt_file}), or null. */
    public Lineage withPrompt(String sha256) {
        return new Lineage(configSha256, programVersion, javaVersion, dataFrom, dataTo, months, sha256);
    }

    /** One month file read: its recorded hash, rows, and the archives/CSVs it was merged from. */
    public record MonthRead(String month, String file, String parquetSha256, long rows, List<Source> sources) {
    }

    /** An input file as recorded in offsets.json. */
    public record Source(String name, String sha256, String source) {
    }

    /** Lineage of a run that read the store over [from, to) (history for warm-up included) with this config text. */
    public static Lineage of(KlineStore store, Instant from, Instant to, String resolvedConfig, String programVersion)
            throws IOException {
        Offsets offsets = store.offsets();
        List<MonthRead> months = new ArrayList<>();
        YearMonth last = YearMonth.from(to.minusMillis(1).atZone(ZoneOffset.UTC));
        for (YearMonth m = YearMonth.from(from.atZone(ZoneOffset.UTC)); !m.isAfter(last); m = m.plusMonths(1)) {
            Offsets.MonthEntry e = offsets.months().get(m.toString());
            if (e == null) {
                continue;
            }
            List<Source> sources = new ArrayList<>();
            for (Offsets.FileEntry f : e.files()) {
                sources.add(new Source(f.name(), f.sha256(), f.source()));
            }
            months.add(new MonthRead(m.toString(), "spot/" + store.symbol() + "/klines_1m/" + e.file(), e.parquetSha256(),
                    e.rows(), sources));
        }
        return new Lineage(Hashes.sha256(resolvedConfig.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                programVersion, Runtime.version().toString(), from, to, months, null);
    }
}
