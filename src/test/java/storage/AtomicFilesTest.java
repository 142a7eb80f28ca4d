package storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Temp names that say who writes them, and write-then-rename replacing that leaves nothing behind. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void a_temp_sibling_sits_beside_its_target_and_names_this_process() {
        Path target = dir.resolve("offsets.json");
        Path a = AtomicFiles.tempSibling(target);
        Path b = AtomicFiles.tempSibling(target);

        assertThat(a.getParent()).isEqualTo(dir);
        assertThat(a.getFileName().toString())
                .startsWith("offsets.json" + AtomicFiles.TMP_MARKER + ProcessHandle.current().pid() + "-");
        assertThat(a).isNotEqualTo(b);
        assertThat(AtomicFiles.writerAlive(a)).isTrue();
    }

    @Test
    void the_writer_of_a_temp_name_is_read_from_the_last_marker() {
        long pid = ProcessHandle.current().pid();
        assertThat(AtomicFiles.writerAlive(Path.of("a" + AtomicFiles.TMP_MARKER + "1-x" + AtomicFiles.TMP_MARKER
                + pid + "-ff"))).isTrue();
        assertThat(AtomicFiles.writerAlive(Path.of("a" + AtomicFiles.TMP_MARKER + pid + "-ff"
                + AtomicFiles.TMP_MARKER + (Long.MAX_VALUE / 2) + "-1"))).isFalse();
        assertThat(AtomicFiles.writerAlive(Path.of("a" + AtomicFiles.TMP_MARKER + pid))).as("no '-' after the pid")
                .isFalse();
        assertThat(AtomicFiles.writerAlive(Path.of("a.parquet"))).isFalse();
        assertThat(AtomicFiles.writerAlive(Path.of(AtomicFiles.TMP_MARKER + pid + "-1"))).as("marker first").isTrue();
    }

    @Test
    void replace_puts_the_whole_content_in_place_and_leaves_no_temp_file() throws Exception {
        Path target = dir.resolve("offsets.json");
        Files.writeString(target, "old content, longer than the new one");

        AtomicFiles.replace(target, "new".getBytes());

        assertThat(target).hasContent("new");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void a_durable_write_never_overwrites_an_existing_file() throws Exception {
        Path file = Files.writeString(dir.resolve("x"), "kept");
        assertThatThrownBy(() -> AtomicFiles.writeDurably(file, "lost".getBytes()))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(file).hasContent("kept");
    }

    @Test
    void a_move_replaces_the_target_and_the_source_is_gone() throws Exception {
        Path source = Files.writeString(dir.resolve("s"), "new");
        Path target = Files.writeString(dir.resolve("t"), "old");
        AtomicFiles.moveAtomically(source, target);
        assertThat(target).hasContent("new");
        assertThat(source).doesNotExist();
    }
}
