package llm;

import backtest.AccountSnapshot;
import features.DataSource;
import features.FeatureFrame;
import java.io.IOException;
import java.time.Instant;

/**
 * Benchmark helper (not a test): builds the prompts of every decision bar of {@code frame} as {@link LlmStrategy#decide}
 * does - the rows window, {@link LlmStrategy#perInterval}, the seven-day view as of the bar's close, the template -
 * and hashes each request, timing prompt building and hashing separately.
 */
public final class PromptTiming {
    private PromptTiming() {
    }

    /** Nanoseconds spent: [0] building prompts, [1] hashing requests, [2] decisions, [3] total prompt chars. */
    public static long[] run(DataSource source, FeatureFrame frame, LlmSettings settings, String symbol, int window,
                             int stride, String decisionEvery) throws IOException {
        PromptBuilder prompts = new PromptBuilder(settings.promptVersion());
        long iv = frame.spec().interval().millis();
        long every = iv * stride;
        long build = 0;
        long hash = 0;
        long n = 0;
        long chars = 0;
        long sink = 0;
        var b = frame.bars();
        for (int i = 0; i < frame.size(); i++) {
            long t = b.openTime[i];
            if (Math.floorMod(t + iv, every) != 0 || i + 1 < window * stride) {
                continue;
            }
            AccountSnapshot account = AccountSnapshot.mark(t, b.close[i], 5_000, 0.1, 42_000.5, 12.25, 10_000);
            long t0 = System.nanoTime();
            Instant asOf = Instant.ofEpochMilli(t + iv);
            FeatureFrame rows = LlmStrategy.perInterval(frame.slice(i + 1 - window * stride, i + 1), stride, window);
            String prompt = prompts.render(symbol, asOf, decisionEvery, rows, source.sevenDayText(asOf),
                    account);
            long t1 = System.nanoTime();
            sink += LlmRequest.of(settings, prompts.version(), prompt).hash().charAt(0);
            long t2 = System.nanoTime();
            build += t1 - t0;
            hash += t2 - t1;
            n++;
            chars += prompt.length();
        }
        if (sink == 42) {
            System.out.print("");
        }
        return new long[] {build, hash, n, chars};
    }
}
