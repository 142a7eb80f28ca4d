package backfill;

import static org.assertj.core.api.Assertions.assertThat;

import ingest.IngestOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import storage.CrashPoints;
import storage.KlineColumns;
import storage.KlineStore;
import storage.MergeRequest;

/** REST gap fill without HTTP: a fake Binance API answering pages of at most 1,000 klines. */
class RestGapFillerTest {
    private static final long MINUTE = 60_000L;
    private static final YearMonth MONTH = YearMonth.of(2024, 1);
    private static final long START = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    private static final Pattern PARAMS = Pattern.compile("startTime=(\\d+)&endTime=(\\d+)&limit=(\\d+)");

    @TempDir
    Path dir;

    /**
     * Binance's kline array for minute {@code t}: every field differs from the others and from minute to minute
     * (open != close, high != low), so a swapped or shifted column shows in the stored values.
     */
    private static String source(long t) {
        long k = (t - START) / MINUTE;
        double open = 40_000 + k;
        return "[" + t + ",\"" + open + "\",\"" + (open + 7.25) + "\",\"" + (open - 3.5) + "\",\"" + (open + 1.75)
                + "\",\"" + (1 + k % 13) + ".125\"," + (t + 59_999) + ",\"" + (5000 + k) + ".5\"," + (100 + k % 17)
                + ",\"0." + (k % 9 + 1) + "\",\"" + (2000 + k) + ".25\",\"0\"]";
    }

    /** Serves every minute except the "outage" ones; records the requested URLs; ingests CSVs into the store. */
    private final class FakeApi implements BackfillPorts {
        final List<String> urls = new ArrayList<>();
        final List<String> ingested = new ArrayList<>();
        final KlineStore store;
        final long outageFrom;
        final long outageTo;

        FakeApi(KlineStore store, long outageFrom, long outageTo) {
            this.store = store;
            this.outageFrom = outageFrom;
            this.outageTo = outageTo;
        }

        @Override
        public Optional<String> fetchText(String url) {
            urls.add(url);
            Matcher m = PARAMS.matcher(url);
            assertThat(m.find()).isTrue();
            long from = Long.parseLong(m.group(1));
            long to = Long.parseLong(m.group(2));
            int limit = Integer.parseInt(m.group(3));
            StringBuilder json = new StringBuilder("[");
            int n = 0;
            for (long t = from; t <= to && n < limit; t += MINUTE) {
                if (t >= outageFrom && t < outageTo) {
                    continue;
                }
                json.append(n++ > 0 ? "," : "").append(source(t));
            }
            return Optional.of(json.append("]").toString());
        }

        @Override
        public boolean exists(String url) {
            return false;
        }

        @Override
        public IngestOutcome restore(Path rawCopy, storage.Offsets.FileEntry original, boolean replace) {
            throw new UnsupportedOperationException("gap fill never restores raw copies");
        }

        @Override
        public long download(String url, Path file) {
            return -1;
        }

        @Override
        public IngestOutcome ingest(Path file, boolean replace, String source) {
            ingested.add(file.getFileName() + " " + source);
            try {
                KlineColumns rows = new KlineColumns(1500);
                for (String line : Files.readAllLines(file)) {
                    String[] f = line.split(",");
                    rows.add(Long.parseLong(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                            Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]),
                            Long.parseLong(f[6]), Double.parseDouble(f[7]), Long.parseLong(f[8]),
                            Double.parseDouble(f[9]), Double.parseDouble(f[10]));
                }
                String day = file.getFileName().toString().substring(11, 21);
                long dayStart = Instant.parse(day + "T00:00:00Z").toEpochMilli();
                var r = store.merge(new MergeRequest(file.getFileName().toString(), "sha-" + day, source, MONTH, dayStart,
                        dayStart + 86_400_000L, rows, false));
                return new IngestOutcome(IngestOutcome.Status.INGESTED, file.getFileName().toString(), "x", "2024-01", "ms",
                        r.rowsRead(), r.added(), r.duplicates(), 0, r.monthRows(), null);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void pages_through_a_long_gap_and_leaves_exchange_outages_missing() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2024-01-03T00:00:30Z"), ZoneOffset.UTC);
        KlineStore store = new KlineStore(dir.resolve("data"), "BTCUSDT", clock, CrashPoints.NONE);
        long outageFrom = START + 1500 * MINUTE;
        FakeApi api = new FakeApi(store, outageFrom, outageFrom + 45 * MINUTE);
        RestGapFiller filler = new RestGapFiller(store, api, clock, 100, "http://api", Files.createDirectories(dir.resolve("w")));

        RestGapFiller.Result r = filler.fill(MONTH, MONTH);

        // nothing stored: the gap is 2024-01-01T00:00 .. the last closed minute (2024-01-02T23:59) = 2,880 minutes
        assertThat(api.urls).hasSize(3);
        assertThat(api.urls.get(0)).contains("startTime=" + START, "limit=1000", "symbol=BTCUSDT", "interval=1m");
        assertThat(r.rowsAdded()).isEqualTo(2880 - 45);
        assertThat(api.ingested).containsExactly("BTCUSDT-1m-2024-01-01.csv rest", "BTCUSDT-1m-2024-01-02.csv rest");
        assertThat(r.gapsLeft()).containsExactly("2024-01-02T01:00:00Z..2024-01-02T01:44:00Z (45 min)");
        assertThat(store.offsets().months().get("2024-01").rows()).isEqualTo(2880 - 45);
    }

    @Test
    void stores_every_field_of_every_minute_as_the_api_served_it() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2024-01-02T00:00:30Z"), ZoneOffset.UTC);
        KlineStore store = new KlineStore(dir.resolve("data"), "BTCUSDT", clock, CrashPoints.NONE);
        FakeApi api = new FakeApi(store, 0, 0);
        RestGapFiller filler = new RestGapFiller(store, api, clock, 100, "http://api", Files.createDirectories(dir.resolve("w")));

        assertThat(filler.fill(MONTH, MONTH).rowsAdded()).isEqualTo(1440);

        KlineColumns stored = storage.KlineParquet.read(store.monthFile(MONTH));
        assertThat(stored.size()).isEqualTo(1440);
        for (int i = 0; i < stored.size(); i++) {
            long t = START + i * MINUTE;
            var f = new com.fasterxml.jackson.databind.ObjectMapper().readTree(source(t));
            assertThat(stored.openTime[i]).isEqualTo(t);
            assertThat(new double[] {stored.open[i], stored.high[i], stored.low[i], stored.close[i], stored.volume[i],
                    stored.quoteVolume[i], stored.takerBase[i], stored.takerQuote[i]}).as("minute %d", i)
                    .containsExactly(f.get(1).asDouble(), f.get(2).asDouble(), f.get(3).asDouble(), f.get(4).asDouble(),
                            f.get(5).asDouble(), f.get(7).asDouble(), f.get(9).asDouble(), f.get(10).asDouble());
            assertThat(stored.closeTime[i]).isEqualTo(t + 59_999);
            assertThat(stored.trades[i]).isEqualTo(f.get(8).asLong());
        }
    }

    @Test
    void respects_the_request_cap() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2024-01-03T00:00:30Z"), ZoneOffset.UTC);
        KlineStore store = new KlineStore(dir.resolve("data"), "BTCUSDT", clock, CrashPoints.NONE);
        FakeApi api = new FakeApi(store, 0, 0);
        RestGapFiller filler = new RestGapFiller(store, api, clock, 1, "http://api", Files.createDirectories(dir.resolve("w")));
        RestGapFiller.Result r = filler.fill(MONTH, MONTH);
        assertThat(api.urls).hasSize(1);
        assertThat(r.rowsAdded()).isEqualTo(1000);
        assertThat(r.gapsLeft()).hasSize(1);
    }
}
