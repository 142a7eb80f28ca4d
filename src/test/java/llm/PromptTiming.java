package llm;

import backtest.BacktestEngine;
import backtest.Decision;
import backtest.DecisionContext;
import backtest.Strategy;
import backtest.config.BacktestConfig;
import features.DataSource;
import features.FeatureFrame;

/**
 * Benchmark helper (not a test): builds the prompt of every decision bar of {@code frame} with
 * {@link LlmStrategy#prompt} - what {@link LlmStrategy#decide} does before its cache lookup: the feature rows read from
 * the frame, the seven-day text as of the bar's close, the template - inside the engine's run of {@code cfg} (each
 * decision answered HOLD), and hashes each request, timing prompt building and hashing separately. Decisions whose
 * window reaches before the frame (their rows read from the store) are not timed.
 */
public final class PromptTiming {
    private PromptTiming() {
    }

    /** Nanoseconds spent: [0] building prompts, [1] hashing requests, [2] decisions, [3] total prompt chars. */
    public static long[] run(DataSource source, FeatureFrame frame, BacktestConfig cfg, LlmSettings settings,
                             String symbol, int window, int stride, String decisionEvery) {
        LlmStrategy llm = new LlmStrategy(settings, null, null, source, symbol, window, stride, decisionEvery);
        String version = settings.promptVersion();
        long[] out = new long[4];
        long[] sink = new long[1];
        BacktestEngine.run(cfg, frame, new Strategy() {
            @Override
            public void begin(DecisionContext ctx) {
                llm.begin(ctx);
            }

            @Override
            public Decision decide(DecisionContext ctx) {
                if (ctx.index() + 1 < window * stride) {
                    return Decision.HOLD;
                }
                long t0 = System.nanoTime();
                String prompt = llm.prompt(ctx);
                long t1 = System.nanoTime();
                sink[0] += LlmRequest.of(settings, version, prompt).hash().charAt(0);
                long t2 = System.nanoTime();
                out[0] += t1 - t0;
                out[1] += t2 - t1;
                out[2]++;
                out[3] += prompt.length();
                return Decision.HOLD;
            }

            @Override
            public String name() {
                return "prompt-timing";
            }
        });
        if (sink[0] == 42) {
            System.out.print("");
        }
        return out;
    }
}
