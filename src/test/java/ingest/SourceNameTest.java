package ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

/** What a file name says: Binance's month and day names, our export's name, and the refusals with their hints. */
class SourceNameTest {
    private static Rejection refused(String name) {
        return catchThrowableOfType(IngestRejectedException.class, () -> SourceName.parse(name)).rejection();
    }

    @Test
    void a_month_archive() {
        SourceName n = SourceName.parse("BTCUSDT-1m-2024-02.zip");
        assertThat(n.symbol()).isEqualTo("BTCUSDT");
        assertThat(n.interval()).isEqualTo("1m");
        assertThat(n.month()).isEqualTo(YearMonth.of(2024, 2));
        assertThat(n.day()).isNull();
        assertThat(n.daily()).isFalse();
        assertThat(n.zip()).isTrue();
        assertThat(n.export()).isFalse();
        assertThat(n.baseName()).isEqualTo("BTCUSDT-1m-2024-02");
        assertThat(n.csvEntryName()).isEqualTo("BTCUSDT-1m-2024-02.csv");
        assertThat(n.period()).isEqualTo("2024-02");
        assertThat(n.periodStart()).isEqualTo(Instant.parse("2024-02-01T00:00:00Z"));
        assertThat(n.periodEnd()).isEqualTo(Instant.parse("2024-03-01T00:00:00Z")); // a leap February ends on the 29th
    }

    @Test
    void a_day_csv() {
        SourceName n = SourceName.parse("ETHUSDT-1m-2023-12-31.csv");
        assertThat(n.symbol()).isEqualTo("ETHUSDT");
        assertThat(n.day()).isEqualTo(LocalDate.of(2023, 12, 31));
        assertThat(n.month()).isEqualTo(YearMonth.of(2023, 12));
        assertThat(n.daily()).isTrue();
        assertThat(n.zip()).isFalse();
        assertThat(n.period()).isEqualTo("2023-12-31");
        assertThat(n.periodStart()).isEqualTo(Instant.parse("2023-12-31T00:00:00Z"));
        assertThat(n.periodEnd()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(n.csvEntryName()).isEqualTo("ETHUSDT-1m-2023-12-31.csv");
    }

    @Test
    void our_klines_export() {
        SourceName n = SourceName.parse("klines_1m_2024-05.csv");
        assertThat(n.export()).isTrue();
        assertThat(n.symbol()).isNull();
        assertThat(n.interval()).isEqualTo("1m");
        assertThat(n.month()).isEqualTo(YearMonth.of(2024, 5));
        assertThat(n.zip()).isFalse();
        assertThat(n.periodEnd()).isEqualTo(Instant.parse("2024-06-01T00:00:00Z"));
        assertThat(SourceName.parse("klines_1h_2024-05.csv").interval()).isEqualTo("1h");
    }

    @Test
    void names_that_are_not_ours_are_refused_with_a_hint_where_one_helps() {
        Rejection upper = refused("BTCUSDT-1m-2024-02.ZIP");
        assertThat(upper.code()).isEqualTo(RejectCode.BAD_FILE_NAME);
        assertThat(upper.file()).isEqualTo("BTCUSDT-1m-2024-02.ZIP");
        assertThat(upper.message()).isEqualTo("file name must look like SYMBOL-1m-YYYY-MM.zip, SYMBOL-1m-YYYY-MM-DD.zip,"
                + " the same with .csv, or klines_1m_YYYY-MM.csv (our export) (the extension must be lower-case .zip or"
                + " .csv, as Binance names its files)");
        assertThat(refused("BTCUSDT-1m-2024-02.zip.CHECKSUM").message())
                .endsWith(" (a .CHECKSUM is read with its archive: name the archive)");
        assertThat(refused("notes.txt").message()).endsWith("klines_1m_YYYY-MM.csv (our export)");
        assertThat(refused("README").message()).endsWith("(our export)");
        assertThat(refused("btcusdt-1m-2024-02.zip").code()).isEqualTo(RejectCode.BAD_FILE_NAME);
    }

    @Test
    void impossible_dates_are_named() {
        assertThat(refused("BTCUSDT-1m-2024-13.zip").message()).isEqualTo("file name carries an impossible date: 2024-13");
        assertThat(refused("BTCUSDT-1m-2023-02-29.csv").message())
                .isEqualTo("file name carries an impossible date: 2023-02-29");
        assertThat(refused("klines_1m_2024-00.csv").message()).isEqualTo("file name carries an impossible month: 2024-00");
    }
}
