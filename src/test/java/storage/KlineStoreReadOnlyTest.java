package storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.ChildJvm;

/**
 * A store this process may not write: readers still read, recovery leaves it alone and says so, writers are refused
 * with one line. Root ignores chmod, so the lock file's opening is played by a seam; the real chmod case runs when the
 * tests do not run as root.
 */
class KlineStoreReadOnlyTest {
    private static final YearMonth MONTH = YearMonth.of(2024, 3);
    private static final long T0 = Instant.parse("2024-03-05T00:00:00Z").toEpochMilli();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final KlineStore.LockOpener DENIED = lock -> {
        throw new AccessDeniedException(lock.toString());
    };

    @TempDir
    Path dir;

    private static MergeRequest request(String name, int from) {
        KlineColumns c = new KlineColumns(5);
        for (int i = from; i < from + 5; i++) {
            long t = T0 + i * 60_000L;
            c.add(t, 100, 101, 99, 100, 1, t + 59_999, 100, 1, 0.5, 50);
        }
        return new MergeRequest(name, Hashes.sha256(name.getBytes()), "csv", MONTH,
                Instant.parse("2024-03-01T00:00:00Z").toEpochMilli(), Instant.parse("2024-04-01T00:00:00Z").toEpochMilli(),
                c, false);
    }

    private KlineStore writable() throws IOException {
        KlineStore store = new KlineStore(dir, "BTCUSDT", CLOCK, CrashPoints.NONE);
        store.merge(request("a.csv", 0));
        return store;
    }

    private KlineStore readOnly(KlineStore.LockOpener lock) {
        return new KlineStore(dir, "BTCUSDT", CLOCK, CrashPoints.NONE, lock);
    }

    @Test
    void recovery_of_a_clean_store_it_may_not_write_does_nothing_and_reads_go_on() throws IOException {
        Offsets offsets = writable().offsets();
        KlineStore store = readOnly(DENIED);

        assertThat(store.recover()).isEmpty();
        assertThat(store.offsets()).isEqualTo(offsets);
        assertThat(KlineParquet.read(store.monthFile(MONTH)).size()).isEqualTo(5);
    }

    @Test
    void recovery_it_cannot_do_leaves_the_files_and_says_which() throws IOException {
        KlineStore store = writable();
        Path pending = store.offsetsFile().resolveSibling("offsets.json.pending");
        Files.writeString(pending, "{}");
        Path tmp = Files.writeString(store.klinesDir().resolve("2024-03.parquet" + AtomicFiles.TMP_MARKER + "1-2"), "x");

        assertThat(readOnly(DENIED).recover()).singleElement().asString()
                .contains("not writable", "offsets.json.pending", tmp.getFileName().toString());
        assertThat(pending).exists();
        assertThat(tmp).exists();
    }

    @Test
    void a_merge_is_refused_with_one_line_saying_what_where_why_and_what_to_do() throws IOException {
        writable();
        byte[] offsets = Files.readAllBytes(readOnly(DENIED).offsetsFile());

        assertThatThrownBy(() -> readOnly(DENIED).merge(request("b.csv", 5)))
                .isInstanceOfSatisfying(StoreNotWritableException.class, e -> assertThat(e.getMessage())
                        .contains("not writable", dir.resolve("spot/BTCUSDT").toAbsolutePath().toString(), ".lock",
                                "permission denied", "app.data.dir", "verify")
                        .doesNotContain("\n"));
        assertThat(Files.readAllBytes(readOnly(DENIED).offsetsFile())).isEqualTo(offsets);
    }

    @Test
    void a_read_only_file_system_is_not_writable_either() throws IOException {
        writable();
        KlineStore store = readOnly(lock -> {
            throw new FileSystemException(lock.toString(), null, "Read-only file system");
        });

        assertThatThrownBy(store::checkWritable).isInstanceOf(StoreNotWritableException.class)
                .hasMessageContaining("Read-only file system");
        assertThatThrownBy(() -> readOnly(lock -> {
            throw new FileSystemException(lock.toString(), null, "Is a directory");
        }).checkWritable()).as("other I/O errors stay what they are").isNotInstanceOf(StoreNotWritableException.class);
    }

    @Test
    void a_store_made_read_only_with_chmod_is_read_and_refuses_writes() throws Exception {
        assumeTrue(!ChildJvm.isRoot(), "root ignores chmod in this process; the seam above covers the logic");
        writable();
        Path root = dir.resolve("spot/BTCUSDT");
        try (var files = Files.walk(root)) {
            for (Path p : files.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "r-xr-xr-x"
                        : "r--r--r--"));
            }
        }
        try {
            KlineStore store = new KlineStore(dir, "BTCUSDT", CLOCK, CrashPoints.NONE);
            assertThat(store.recover()).isEmpty();
            assertThat(store.offsets().rows()).isEqualTo(5);
            assertThatThrownBy(() -> store.merge(request("b.csv", 5))).isInstanceOf(StoreNotWritableException.class);
        } finally {
            try (var files = Files.walk(root)) {
                for (Path p : files.toList()) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
        }
    }
}
