package backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The small values of a backfill: the report's summary line, a file's line, the retry policy, the download sink. */
class BackfillReportTest {
    @TempDir
    Path dir;

    private static FileResult file(FileResult.Status status, String detail) {
        return new FileResult("BTCUSDT-1m-2024-12.zip", status, 0, detail);
    }

    @Test
    void the_summary_gives_megabytes_seconds_and_what_rest_gap_fill_did() {
        BackfillReport r = new BackfillReport(List.of(file(FileResult.Status.INGESTED, null),
                file(FileResult.Status.UP_TO_DATE, null), file(FileResult.Status.FAILED, "x")),
                List.of(LocalDate.of(2025, 2, 2)), 0, List.of(), 2_500_000, 1_500, null);

        assertThat(r.summary()).isEqualTo("backfill: 1 downloaded, 1 up to date, 0 refused, 1 failed, "
                + "1 day(s) not published yet [2025-02-02]; 2.5 MB in 1.5 s");
        assertThat(r.ok()).isFalse();

        BackfillReport rest = new BackfillReport(List.of(), List.of(), 3, List.of(), 0, 0, null);
        assertThat(rest.summary()).endsWith("; 0.0 MB in 0.0 s; REST gap fill added 3 row(s)");
        assertThat(rest.ok()).isTrue();
        BackfillReport left = new BackfillReport(List.of(), List.of(), 0, List.of("a gap"), 0, 0, null);
        assertThat(left.summary()).endsWith("; REST gap fill added 0 row(s), still missing [a gap]");
    }

    @Test
    void a_file_line_names_status_file_and_detail_when_there_is_one() {
        assertThat(file(FileResult.Status.REFUSED, "CHECKSUM_MISSING: x").line())
                .isEqualTo("REFUSED       BTCUSDT-1m-2024-12.zip - CHECKSUM_MISSING: x");
        assertThat(file(FileResult.Status.UP_TO_DATE, null).line()).isEqualTo("UP_TO_DATE    BTCUSDT-1m-2024-12.zip");
        assertThat(file(FileResult.Status.UP_TO_DATE, "").line()).isEqualTo("UP_TO_DATE    BTCUSDT-1m-2024-12.zip");
        assertThat(file(FileResult.Status.REFUSED, null).problem()).isTrue();
        assertThat(file(FileResult.Status.FAILED, null).problem()).isTrue();
        assertThat(file(FileResult.Status.NOT_PUBLISHED, null).problem()).isFalse();
    }

    @Test
    void server_errors_rate_limits_and_request_timeouts_are_retried_other_answers_are_not() {
        for (int status : new int[] {500, 502, 503, 504, 599, 429, 408}) {
            assertThat(HttpRetryPolicy.retryableStatus(status)).as("%d", status).isTrue();
        }
        for (int status : new int[] {200, 304, 400, 401, 403, 404, 409, 428, 430, 499}) {
            assertThat(HttpRetryPolicy.retryableStatus(status)).as("%d", status).isFalse();
        }
    }

    @Test
    void a_download_is_saved_whole_into_a_folder_that_may_not_exist_yet_replacing_an_older_file() throws Exception {
        Path target = dir.resolve("run-1-2/BTCUSDT-1m-2024-12.zip");
        DownloadSink sink = new DownloadSink();

        assertThat(sink.save(new ByteArrayInputStream("first body".getBytes()), target.toString())).isEqualTo(10);
        assertThat(sink.save(new ByteArrayInputStream("second".getBytes()), target.toString())).isEqualTo(6);

        assertThat(Files.readString(target)).isEqualTo("second");
    }

    @Test
    void an_unreachable_host_names_the_host_and_the_reason() {
        BackfillPorts.HostUnreachableException e = new BackfillPorts.HostUnreachableException("data.binance.vision:443",
                "UnknownHostException: data.binance.vision", null);
        assertThat(e.host()).isEqualTo("data.binance.vision:443");
        assertThat(e).hasMessage("cannot reach data.binance.vision:443 (UnknownHostException: data.binance.vision)");
    }
}
