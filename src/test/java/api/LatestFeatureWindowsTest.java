package api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import features.FeatureSpec;
import features.GapPolicy;
import features.Interval;
import features.indicators.IndicatorSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LatestFeatureWindowsTest {
    private static final StoreVersion V1 = new StoreVersion("ino-1", 1_000, 10);
    private static final StoreVersion V2 = new StoreVersion("ino-2", 2_000, 12);

    private static FeatureSpec spec(String interval) {
        return new FeatureSpec(Interval.parse(interval), IndicatorSpec.parse("ema"), GapPolicy.FFILL);
    }

    @Test
    void many_requests_for_one_spec_and_version_compute_it_once() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        LatestFeatureWindows cache = new LatestFeatureWindows((s, v) -> {
            loads.incrementAndGet();
            try {
                release.await(10, TimeUnit.SECONDS); // every other request arrives while this one computes
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new LatestFeatureWindows.Window(v, null, null);
        }, Runnable::run);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<LatestFeatureWindows.Window>> answers = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                answers.add(pool.submit(() -> cache.window(spec("1m"), V1)));
            }
            Thread.sleep(100);
            release.countDown();
            LatestFeatureWindows.Window first = answers.get(0).get(10, TimeUnit.SECONDS);
            for (Future<LatestFeatureWindows.Window> a : answers) {
                assertThat(a.get(10, TimeUnit.SECONDS)).isSameAs(first);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(loads).hasValue(1);
    }

    @Test
    void a_newer_store_version_recomputes_and_an_older_one_is_answered_by_the_newer_window() throws IOException {
        AtomicInteger loads = new AtomicInteger();
        LatestFeatureWindows cache = new LatestFeatureWindows((s, v) -> {
            loads.incrementAndGet();
            return new LatestFeatureWindows.Window(v, null, null);
        }, Runnable::run);
        assertThat(cache.window(spec("1m"), V1).version()).isEqualTo(V1);
        assertThat(cache.window(spec("1m"), V1).version()).isEqualTo(V1);
        assertThat(cache.window(spec("1m"), V2).version()).isEqualTo(V2);
        assertThat(cache.window(spec("1m"), V1).version()).isEqualTo(V2); // a request that raced the commit
        assertThat(cache.window(spec("5m"), V2).version()).isEqualTo(V2);
        assertThat(loads).hasValue(3);
    }

    @Test
    void after_a_commit_the_previous_window_answers_until_the_new_one_is_computed_in_the_background() throws IOException {
        List<Runnable> queued = new ArrayList<>();
        AtomicInteger loads = new AtomicInteger();
        LatestFeatureWindows cache = new LatestFeatureWindows((s, v) -> {
            loads.incrementAndGet();
            return new LatestFeatureWindows.Window(v, null, null);
        }, queued::add);
        assertThat(cache.window(spec("1m"), V1).version()).isEqualTo(V1); // nothing to answer with: computed at once
        assertThat(cache.window(spec("1m"), V2).version()).isEqualTo(V1); // V2 is being computed
        assertThat(cache.window(spec("1m"), V2).version()).isEqualTo(V1);
        assertThat(queued).hasSize(1); // one computation for all of them
        queued.getFirst().run();
        assertThat(cache.window(spec("1m"), V2).version()).isEqualTo(V2);
        assertThat(loads).hasValue(2);
    }

    @Test
    void a_failed_computation_is_thrown_to_its_callers_and_tried_again_by_the_next_request() throws IOException {
        AtomicInteger loads = new AtomicInteger();
        LatestFeatureWindows cache = new LatestFeatureWindows((s, v) -> {
            if (loads.incrementAndGet() == 1) {
                throw new IOException("month file replaced while read");
            }
            return new LatestFeatureWindows.Window(v, null, null);
        }, Runnable::run);
        assertThatThrownBy(() -> cache.window(spec("1m"), V1)).isInstanceOf(IOException.class);
        assertThat(cache.window(spec("1m"), V1).version()).isEqualTo(V1);
        assertThat(loads).hasValue(2);
    }

    @Test
    void at_most_max_entries_specs_are_kept_the_least_recently_used_goes() throws IOException {
        LatestFeatureWindows cache = new LatestFeatureWindows((s, v) -> new LatestFeatureWindows.Window(v, null, null),
                Runnable::run);
        String[] intervals = {"1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d", "1w"};
        for (String i : intervals) {
            for (String ind : List.of("ema", "rsi", "cmf")) {
                cache.window(new FeatureSpec(Interval.parse(i), IndicatorSpec.parse(ind), GapPolicy.FFILL), V1);
            }
        }
        assertThat(cache.size()).isEqualTo(LatestFeatureWindows.MAX_ENTRIES);
    }
}
