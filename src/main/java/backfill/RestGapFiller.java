package backfill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ingest.IngestOutcome;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import storage.KlineColumns;
import storage.KlineParquet;
import storage.KlineStore;
import storage.MinuteGaps;

/**
 * Fills minutes still missing after the archives from Binance's REST API
 * ({@code GET /api/v3/klines?symbol=&interval=1m&startTime=&endTime=&limit=1000}, paged). The rows are written
 * as a Binance-layout CSV per UTC day and go through the same ingest route and validation as archives, recorded
 * in offsets.json with source {@code rest}. Minutes the exchange never traded (outages) stay missing.
 */
final class RestGapFiller {
    private static final long MINUTE = 60_000L;
    private static final int LIMIT = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    record Result(long rowsAdded, List<String> gapsLeft, List<FileResult> files) {
    }

    private final KlineStore store;
    private final BackfillPorts ports;
    private final Clock clock;
    private final int maxRequests;
    private final String baseUrl;
    private final Path workDir;

    RestGapFiller(KlineStore store, BackfillPorts ports, Clock clock, int maxRequests, String baseUrl, Path workDir) {
        this.store = store;
        this.ports = ports;
        this.clock = clock;
        this.maxRequests = maxRequests;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.workDir = workDir;
    }

    Result fill(YearMonth from, YearMonth to) throws IOException {
        long start = from.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long lastClosedMinute = Instant.now(clock).toEpochMilli() / MINUTE * MINUTE; // the running minute is not closed
        long end = Math.min(to.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli(), lastClosedMinute);
        List<MinuteGaps.Gap> gaps = gaps(from, to, start, end);
        Map<LocalDate, StringBuilder> byDay = new TreeMap<>();
        int requests = 0;
        for (MinuteGaps.Gap gap : gaps) {
            long cursor = gap.startMs();
            while (cursor < gap.endMs() && requests < maxRequests) {
                String url = baseUrl + "/api/v3/klines?symbol=" + store.symbol() + "&interval=1m&startTime=" + cursor
                        + "&endTime=" + (gap.endMs() - 1) + "&limit=" + LIMIT;
                requests++;
                JsonNode rows = JSON.readTree(ports.fetchText(url).orElse("[]"));
                long last = -1;
                for (JsonNode row : rows) {
                    long openTime = row.get(0).asLong();
                    if (openTime >= gap.startMs() && openTime < gap.endMs()) {
                        LocalDate day = Instant.ofEpochMilli(openTime).atZone(ZoneOffset.UTC).toLocalDate();
                        appendCsv(byDay.computeIfAbsent(day, d -> new StringBuilder()), row);
                    }
                    last = Math.max(last, openTime);
                }
                if (rows.size() < LIMIT || last < cursor) {
                    break;
                }
                cursor = last + MINUTE;
            }
        }
        long added = 0;
        List<FileResult> files = new ArrayList<>();
        for (Map.Entry<LocalDate, StringBuilder> e : byDay.entrySet()) {
            Path csv = workDir.resolve(store.symbol() + "-1m-" + e.getKey() + ".csv");
            try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.US_ASCII)) {
                w.append(e.getValue());
            }
            IngestOutcome o = ports.ingest(csv, false, "rest");
            Files.deleteIfExists(csv);
            added += o.added();
            files.add(new FileResult("REST " + e.getKey(), o.ok() ? FileResult.Status.INGESTED : FileResult.Status.REFUSED,
                    0, o.summary()));
        }
        List<String> left = new ArrayList<>();
        for (MinuteGaps.Gap g : gaps(from, to, start, end)) {
            left.add(g.toString());
        }
        return new Result(added, left, files);
    }

    /** Missing minutes in [start, end) across the stored months from..to. */
    private List<MinuteGaps.Gap> gaps(YearMonth from, YearMonth to, long start, long end) throws IOException {
        List<MinuteGaps.Gap> all = new ArrayList<>();
        for (YearMonth m = from; !m.isAfter(to); m = m.plusMonths(1)) {
            long ms = Math.max(start, m.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
            long me = Math.min(end, m.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
            if (ms >= me) {
                continue;
            }
            Path file = store.monthFile(m);
            KlineColumns rows = Files.exists(file) ? KlineParquet.read(file) : new KlineColumns(0);
            for (MinuteGaps.Gap g : MinuteGaps.find(rows, ms, me)) {
                MinuteGaps.Gap prev = all.isEmpty() ? null : all.get(all.size() - 1);
                if (prev != null && prev.endMs() == g.startMs()) {
                    all.set(all.size() - 1, new MinuteGaps.Gap(prev.startMs(), g.endMs()));
                } else {
                    all.add(g);
                }
            }
        }
        return all;
    }

    /** One REST row -> one Binance CSV line, values copied verbatim (strings stay strings). */
    private static void appendCsv(StringBuilder sb, JsonNode row) {
        for (int i = 0; i < 12; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(i < row.size() ? row.get(i).asText() : "");
        }
        sb.append('\n');
    }
}
