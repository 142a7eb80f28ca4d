package ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Reading ahead on another thread hands the consumer exactly what the reader gives, refusals included. */
class ReadAheadTest {
    private static final String FILE = "BTCUSDT-1m-2023-01-21.csv";

    private static LineBatchReader reader(String text, int lines, int maxLineBytes) {
        return new LineBatchReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)), lines,
                maxLineBytes, FILE);
    }

    private static String lines(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            s.append("line ").append(i).append('\n');
        }
        return s.toString();
    }

    private static List<String> texts(Iterator<LineBatch> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(b -> out.add(b.firstLine() + ":" + b.lineCount() + ":"
                + new String(b.data(), 0, b.length(), StandardCharsets.US_ASCII)));
        return out;
    }

    @Test
    void hands_out_the_readers_batches_in_order_whatever_the_depth() {
        String text = lines(1_000);
        List<String> expected = texts(reader(text, 7, 100));
        for (int depth = 1; depth <= 4; depth++) {
            try (ReadAhead ahead = new ReadAhead(reader(text, 7, 100), depth, FILE)) {
                assertThat(texts(ahead)).isEqualTo(expected);
                assertThat(ahead.hasNext()).isFalse();
            }
        }
    }

    @Test
    void hashes_the_whole_text_read_and_only_once_every_batch_was_read() throws Exception {
        String text = lines(1_000);
        String expected = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.US_ASCII)));
        for (int depth = 1; depth <= 3; depth++) {
            try (ReadAhead ahead = new ReadAhead(reader(text, 7, 100), depth, FILE)) {
                ahead.next();
                assertThatThrownBy(ahead::sha256Hex).as("one batch read").isInstanceOf(IllegalStateException.class);
                ahead.forEachRemaining(b -> { });
                assertThat(ahead.sha256Hex()).isEqualTo(expected);
                assertThatThrownBy(ahead::sha256Hex).as("read once: the digest has reset")
                        .isInstanceOf(IllegalStateException.class);
            }
        }
        String refused = lines(50) + "x".repeat(200) + "\n" + lines(10);
        try (ReadAhead ahead = new ReadAhead(reader(refused, 10, 100), 2, FILE)) {
            assertThatThrownBy(() -> ahead.forEachRemaining(b -> { })).isInstanceOf(IngestRejectedException.class);
            assertThat(ahead.hasNext()).isFalse();
            assertThatThrownBy(ahead::sha256Hex).as("after a refusal").isInstanceOf(IllegalStateException.class);
        }
        try (ReadAhead ahead = new ReadAhead(reader("", 7, 100), 1, FILE)) {
            assertThat(ahead.hasNext()).isFalse();
            assertThat(ahead.sha256Hex()).as("nothing read").isEqualTo(
                    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        }
    }

    @Test
    void a_refusal_comes_after_every_batch_before_it_and_only_once() {
        String text = lines(50) + "x".repeat(200) + "\n" + lines(10);
        List<LineBatch> seen = new ArrayList<>();
        try (ReadAhead ahead = new ReadAhead(reader(text, 10, 100), 2, FILE)) {
            assertThatThrownBy(() -> ahead.forEachRemaining(seen::add))
                    .isInstanceOfSatisfying(IngestRejectedException.class, e -> {
                        assertThat(e.rejection().code()).isEqualTo(RejectCode.LINE_TOO_LONG);
                        assertThat(e.rejection().line()).isEqualTo(51);
                    });
            assertThat(seen).extracting(LineBatch::firstLine).containsExactly(1L, 11L, 21L, 31L, 41L);
            assertThat(ahead.hasNext()).isFalse();
        }
    }

    @Test
    void an_error_while_reading_reaches_the_consumer_as_an_exception() {
        Iterator<LineBatch> broken = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public LineBatch next() {
                throw new OutOfMemoryError("test");
            }
        };
        try (ReadAhead ahead = new ReadAhead(broken, 2, FILE)) {
            assertThatThrownBy(ahead::hasNext).isInstanceOf(IllegalStateException.class).hasMessageContaining("test");
        }
    }

    @Test
    void close_stops_a_reader_that_waits_for_room_and_lets_go_of_the_source() throws Exception {
        AtomicInteger read = new AtomicInteger();
        Iterator<LineBatch> endless = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public LineBatch next() {
                return new LineBatch(new byte[] {'a', '\n'}, 2, read.incrementAndGet(), 1);
            }
        };
        ReadAhead ahead = new ReadAhead(endless, 2, "endless");
        assertThat(ahead.next().firstLine()).isEqualTo(1);
        while (read.get() < 3) { // the queue is full again: the reader waits for room
            Thread.onSpinWait();
        }
        ahead.close();
        int after = read.get();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("ingest-read endless"));
        assertThat(read.get()).isEqualTo(after).isLessThanOrEqualTo(4);
        assertThat(ahead.hasNext()).isFalse();
    }

    /** A source whose hasNext() waits until {@code release} opens, then says the batches are over. */
    private static Iterator<LineBatch> waitingSource(java.util.concurrent.CountDownLatch release) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return false;
            }

            @Override
            public LineBatch next() {
                throw new java.util.NoSuchElementException();
            }
        };
    }

    @Test
    void a_consumer_interrupted_while_waiting_gets_an_exception_and_keeps_its_interrupt() {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        ReadAhead ahead = new ReadAhead(waitingSource(release), 2, "waiting");
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(ahead::hasNext).isInstanceOf(IllegalStateException.class)
                    .hasMessage("interrupted while waiting for the next line batch");
            assertThat(Thread.interrupted()).as("interrupt status kept").isTrue();
        } finally {
            Thread.interrupted();
            release.countDown();
            ahead.close();
        }
    }

    @Test
    void close_interrupted_while_it_waits_for_the_reader_still_waits_and_keeps_the_interrupt() {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        ReadAhead ahead = new ReadAhead(waitingSource(release), 2, "closing");
        Thread closing = Thread.currentThread();
        Thread releaser = Thread.ofPlatform().start(() -> {
            // once close() waits for the reading thread (after the interrupt made its first wait return at once)
            while (closing.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
            release.countDown();
        });
        closing.interrupt();
        ahead.close();
        assertThat(Thread.interrupted()).as("interrupt status kept").isTrue();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("ingest-read closing"));
        assertThat(ahead.hasNext()).isFalse();
        try {
            releaser.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}

