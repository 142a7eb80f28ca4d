package storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A month whose values snappy cannot shrink (random mantissas in every price and volume, random trade counts): its
 * file is larger than the in-memory buffer {@link ColumnPages} starts with, so the buffer grows while pages are
 * written - and the bytes are still the record writer's, and read back as written.
 */
class ColumnPagesGrowthTest {
    private static final long T0 = 1_704_067_200_000L;

    @TempDir
    Path dir;

    @Test
    void a_file_larger_than_the_first_buffer_is_the_record_writers_bytes() throws Exception {
        int n = 44_640;
        SplittableRandom random = new SplittableRandom(16);
        KlineColumns c = new KlineColumns(n);
        for (int i = 0; i < n; i++) {
            long open = T0 + i * 60_000L;
            c.add(open, random.nextDouble() * 1e5, random.nextDouble() * 1e5, random.nextDouble() * 1e5,
                    random.nextDouble() * 1e5, random.nextDouble() * 1e3, open + 59_999, random.nextDouble() * 1e8,
                    random.nextLong(1L << 62), random.nextDouble() * 1e3, random.nextDouble() * 1e8);
        }
        Path fast = dir.resolve("fast.parquet");
        Path reference = dir.resolve("reference.parquet");

        KlineParquet.write(fast, c);
        KlineParquet.writeRecordByRecord(reference, c);

        assertThat(Files.size(fast)).as("beyond the first buffer (rows * 80 + 8192 bytes)").isGreaterThan(n * 80L + 8192);
        assertThat(Files.readAllBytes(fast)).isEqualTo(Files.readAllBytes(reference));
        KlineColumns back = KlineParquet.read(fast);
        assertThat(back.size()).isEqualTo(n);
        for (int i = 0; i < n; i += 997) {
            assertThat(back.sameRow(i, c, i)).as("row %d", i).isTrue();
        }
        assertThat(back.sameRow(n - 1, c, n - 1)).isTrue();
    }
}
