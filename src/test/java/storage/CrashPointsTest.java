package storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code app.debug.crash-at} forms in one process: which step a value names, its pause marker, an injected I/O
 * error at exactly that step, and a pause that waits for its marker. The halt itself is tested from outside the JVM
 * ({@link CrashSafetyIT}).
 */
class CrashPointsTest {
    @TempDir
    Path dir;

    @Test
    void step_names_the_commit_step_of_every_form() {
        assertThat(CrashPoints.step("after-pending")).isEqualTo("after-pending");
        assertThat(CrashPoints.step("fail:after-offsets")).isEqualTo("after-offsets");
        assertThat(CrashPoints.step("pause:after-month-rename:/tmp/marker")).isEqualTo("after-month-rename");
        assertThat(CrashPoints.step("pause:after-pending:")).isEqualTo("after-pending");
        assertThat(CrashPoints.step("pause:after-pending")).as("no marker part").isNull();
    }

    @Test
    void pause_marker_is_the_file_after_the_step() {
        assertThat(CrashPoints.pauseMarker("pause:after-pending:/tmp/a:b")).isEqualTo("/tmp/a:b");
        assertThat(CrashPoints.pauseMarker("pause:after-pending:m")).isEqualTo("m");
        assertThat(CrashPoints.pauseMarker("pause:after-pending:")).isNull();
        assertThat(CrashPoints.pauseMarker("pause:after-pending")).isNull();
        assertThat(CrashPoints.pauseMarker("fail:after-pending")).isNull();
        assertThat(CrashPoints.pauseMarker("after-pending")).isNull();
        assertThat(CrashPoints.pauseMarker("pause:after-pending:a\0b")).as("not a path").isNull();
    }

    @Test
    void an_injected_error_is_thrown_at_its_step_only() {
        CrashPoints fail = new CrashPoints("fail:after-pending");
        assertThatThrownBy(() -> fail.reach("after-pending")).isInstanceOf(IOException.class)
                .hasMessage("injected I/O error at after-pending (app.debug.crash-at=fail:after-pending)");
        assertThatCode(() -> {
            fail.reach("before-pending");
            CrashPoints.NONE.reach("after-pending");
            new CrashPoints("pause:after-pending:" + dir.resolve("m")).reach("before-pending");
        }).doesNotThrowAnyException();
        assertThat(dir.resolve("m")).doesNotExist();
    }

    @Test
    void a_pause_writes_its_marker_and_goes_on_once_it_is_deleted() throws Exception {
        Path marker = dir.resolve("marker");
        CrashPoints pause = new CrashPoints(CrashPoints.PAUSE + "after-offsets:" + marker);
        CompletableFuture<Void> paused = CompletableFuture.runAsync(() -> {
            try {
                pause.reach("after-offsets");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        support.Await.until("the marker", java.time.Duration.ofSeconds(30), () -> Files.exists(marker) || paused.isDone());

        assertThat(Files.readString(marker)).isEqualTo(Long.toString(ProcessHandle.current().pid()));
        assertThat(paused).isNotDone();
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(marker); // no temp file left beside it
        }
        Files.delete(marker);
        paused.get(30, TimeUnit.SECONDS);
    }

    @Test
    void every_point_is_a_known_step() {
        assertThat(CrashPoints.POINTS).contains("before-pending", "after-pending", "after-month-rename",
                "after-offsets");
        assertThat(CrashPoints.POINTS).allSatisfy(p -> assertThat(CrashPoints.step(p)).isEqualTo(p));
    }
}
