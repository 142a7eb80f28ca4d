package storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The page-at-a-time writer is used only with the parquet-java line it replays; the version is read at run time. */
class ColumnPagesVersionTest {
    @Test
    void the_build_s_parquet_is_the_replayed_line_read_at_run_time() {
        assertThat(ColumnPages.runtimeParquetVersion()).startsWith("1.15.");
        assertThat(ColumnPages.SUPPORTED).isTrue();
    }
}
