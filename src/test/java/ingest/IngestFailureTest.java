package ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import storage.CrashPoints;
import storage.KlineStore;

/** Unexpected failures while one file is read become that file's refusal, never an Error thrown at the caller. */
class IngestFailureTest {
    @TempDir
    Path root;

    private Rejection failWith(Throwable error) {
        IngestService service = new IngestService(new KlineStore(root, "BTCUSDT", Clock.systemUTC(), CrashPoints.NONE),
                new IngestSettings("BTCUSDT", new ZipLimits(1 << 20, 50), 100, 1024, null), Clock.systemUTC());
        return service.fail(null, root.resolve("BTCUSDT-1m-2023-01-21.zip").toString(), error).rejection();
    }

    @Test
    void an_error_in_the_cause_chain_is_an_internal_error_naming_it() {
        Rejection r = failWith(new IllegalStateException("wrapped", new OutOfMemoryError("Java heap space")));
        assertThat(r.code()).isEqualTo(RejectCode.INTERNAL_ERROR);
        assertThat(r.message()).contains("OutOfMemoryError: Java heap space");
        assertThat(r.file()).isEqualTo("BTCUSDT-1m-2023-01-21.zip");
    }

    @Test
    void an_unexpected_runtime_exception_is_an_internal_error_and_an_io_failure_an_io_error() {
        assertThat(failWith(new IllegalArgumentException("bug")).code()).isEqualTo(RejectCode.INTERNAL_ERROR);
        Rejection io = failWith(new UncheckedIOException(new IOException("disk gone")));
        assertThat(io.code()).isEqualTo(RejectCode.IO_ERROR);
        assertThat(io.message()).contains("disk gone");
    }

    @Test
    void an_error_while_reading_batches_is_thrown_as_an_exception_that_carries_it() {
        InputStream exhausted = new InputStream() {
            @Override
            public int read() {
                throw new OutOfMemoryError("simulated");
            }

            @Override
            public int read(byte[] b, int off, int len) {
                throw new OutOfMemoryError("simulated");
            }
        };
        LineBatchReader reader = new LineBatchReader(exhausted, 10, 1024, "BTCUSDT-1m-2023-01-21.csv");
        assertThatThrownBy(reader::hasNext).isInstanceOf(IllegalStateException.class)
                .hasCauseInstanceOf(OutOfMemoryError.class);
    }
}
