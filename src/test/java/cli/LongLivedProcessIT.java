package cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.Await;
import support.ChildJvm;
import support.FakeBinance;

/**
 * The long-lived process ({@code run}) as a service, in a real child JVM: offline, its backfill timer writes one warning
 * and one summary per run instead of a retry storm.
 */
class LongLivedProcessIT {
    private static final String NOW = "2025-02-03T10:00:00Z";

    @TempDir
    Path root;
    FakeBinance binance;

    @BeforeEach
    void start() {
        binance = new FakeBinance(root.resolve("binance"), 31);
    }

    @AfterEach
    void stop() {
        binance.close();
    }

    /** The child's settings: the store under {@code root}, its temp folder too (Camel spools streams there). */
    private Map<String, String> settings() throws IOException {
        Map<String, String> s = new HashMap<>();
        s.put("app.data.dir", root.resolve("data").toString());
        s.put("app.inbox.dir", root.resolve("inbox").toString());
        s.put("java.io.tmpdir", Files.createDirectories(root.resolve("tmp")).toString());
        s.put("app.clock.fixed", NOW);
        s.put("app.backfill.enabled", "false");
        return s;
    }

    @Test
    void offline_the_backfill_timer_writes_one_warning_and_one_summary_per_run() throws Exception {
        Map<String, String> s = settings();
        s.put("app.backfill.enabled", "true");
        s.put("app.backfill.initial-delay-ms", "100");
        s.put("app.backfill.months", "2");
        s.put("app.backfill.base-url", "https://data.binance.invalid"); // never resolves, like any name offline
        // the shipped retry settings (4 retries, 1 s backoff doubling): none of them may apply
        ChildJvm child = ChildJvm.start(root.resolve("child"), s, List.of("run"));
        Await.until("the first timer run's summary", Duration.ofSeconds(90), () -> !child.process().isAlive()
                || output(child).contains("backfill: "));
        Thread.sleep(2000); // anything the run still logs
        child.process().destroy();
        ChildJvm.Run run = child.awaitExit();
        String log = run.output();
        System.out.println("offline timer run, its lines:\n" + lines(log, "backfill|WARN|FAILED").stream()
                .reduce("", (a, b) -> a + b + "\n"));

        List<String> warnings = lines(log, " WARN ");
        assertThat(warnings).as(run.describe()).singleElement().satisfies(w -> assertThat(w)
                .contains("backfill stopped: cannot reach data.binance.invalid (name not resolved",
                        "4 archive(s) not tried, the next run tries again"));
        assertThat(lines(log, "backfill: ")).as(run.describe()).singleElement().satisfies(l -> assertThat(l)
                .contains("backfill: 0 downloaded, 0 up to date, 0 refused, 0 failed, 4 not tried (host unreachable)"));
        assertThat(lines(log, "FAILED|delivery attempt|Exhausted|ERROR")).as(run.describe()).isEmpty();
    }

    private static List<String> lines(String log, String regex) {
        Pattern p = Pattern.compile(regex);
        return log.lines().filter(l -> p.matcher(l).find()).toList();
    }

    private static String output(ChildJvm child) {
        try {
            return Files.readString(child.log());
        } catch (IOException e) {
            return "";
        }
    }
}
