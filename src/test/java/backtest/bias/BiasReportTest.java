package backtest.bias;

import static org.assertj.core.api.Assertions.assertThat;

import backtest.bias.BiasReport.CutResult;
import backtest.bias.BiasReport.Difference;
import backtest.bias.BiasReport.WarmupResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link BiasReport}: the verdict, the first finding, the text the CLI prints and the JSON form, line by line. */
class BiasReportTest {
    static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    static final Instant END = Instant.parse("2024-01-02T00:00:00Z");

    static Instant at(int minute) {
        return START.plusSeconds(60L * minute);
    }

    static long ms(int minute) {
        return at(minute).toEpochMilli();
    }

    static final CutResult CLEAN = new CutResult(at(60), 60, 1234, null, null);
    static final CutResult FAILED = new CutResult(at(120), 120, 0, null, "boom");
    static final CutResult FEATURE = new CutResult(at(180), 180, 7,
            Difference.feature(ms(90), "ema_fast", 1.5, Double.NaN), null);
    static final CutResult DECISION = new CutResult(at(240), 240, 3,
            Difference.decision(ms(200), "BUY 1.0", "HOLD"), null);
    static final CutResult MISSING = new CutResult(at(300), 300, 3, Difference.missing(ms(299)), null);
    static final WarmupResult TWICE = new WarmupResult(2.0, 11_356, true, null, null, null, 0, null);
    static final WarmupResult HALF = new WarmupResult(0.5, 2839, false, Difference.feature(ms(0), "rsi", 1.0, 2.0),
            at(30), Difference.decision(ms(5), "BUY 1.0", "HOLD"), 3, null);
    static final WarmupResult QUARTER = new WarmupResult(0.25, 1419, false, null, null, null, 0, "no bars before x");
    static final WarmupResult NONE = new WarmupResult(0, 0, false, Difference.feature(ms(0), "rsi", 1.0, Double.NaN),
            null, null, -1, null);
    static final WarmupResult ODD = new WarmupResult(0.3, 5, false, null, null, null, -1, null);
    static final WarmupResult TOO_SHORT = new WarmupResult(2.0, 11_356, true,
            Difference.feature(ms(10), "ema_slow", 3.0, 4.0), at(20), null, 0, null);

    static BiasReport report(String fullRunFailure, List<CutResult> cuts, List<WarmupResult> warmups) {
        return new BiasReport("ema-cross", START, END, 1440, 1234, 5678, fullRunFailure, cuts, warmups);
    }

    @Test
    void verdicts_and_first_findings() {
        BiasReport pass = report(null, List.of(CLEAN), List.of(TWICE, HALF, QUARTER, NONE, ODD));
        assertThat(pass.lookAhead()).isFalse();
        assertThat(pass.warmupTooShort()).isFalse();
        assertThat(pass.passed()).isTrue();
        assertThat(pass.verdict()).isEqualTo("PASS");
        assertThat(pass.firstFinding()).isNull();

        BiasReport full = report("look-ahead: close row 1", List.of(CLEAN), List.of(TWICE));
        assertThat(full.lookAhead()).isTrue();
        assertThat(full.passed()).isFalse();
        assertThat(full.verdict()).isEqualTo("LOOK-AHEAD");
        assertThat(full.firstFinding()).isEqualTo("look-ahead: close row 1");

        BiasReport failedCut = report(null, List.of(CLEAN, FAILED, FEATURE), List.of(TWICE));
        assertThat(failedCut.firstFinding()).isEqualTo("cut at 2024-01-01T02:00:00Z: boom");
        BiasReport featureCut = report(null, List.of(CLEAN, FEATURE, FAILED), List.of(TOO_SHORT));
        assertThat(featureCut.firstFinding()).isEqualTo(
                "ema_fast at 2024-01-01T01:30:00Z: full run 1.5, cut at 2024-01-01T03:00:00Z none (warming up)");
        assertThat(featureCut.verdict()).isEqualTo("LOOK-AHEAD and WARM-UP TOO SHORT");
        assertThat(report(null, List.of(DECISION), List.of()).firstFinding()).isEqualTo(
                "decision at 2024-01-01T03:20:00Z: full run BUY 1.0, cut at 2024-01-01T04:00:00Z HOLD");
        assertThat(report(null, List.of(MISSING), List.of()).firstFinding()).isEqualTo(
                "bar 2024-01-01T04:59:00Z missing from the cut at 2024-01-01T05:00:00Z");
        assertThat(report(null, List.of(MISSING), List.of()).verdict()).isEqualTo("LOOK-AHEAD");

        BiasReport shortWarmup = report(null, List.of(CLEAN), List.of(HALF, TOO_SHORT));
        assertThat(shortWarmup.lookAhead()).isFalse();
        assertThat(shortWarmup.warmupTooShort()).isTrue();
        assertThat(shortWarmup.passed()).isFalse();
        assertThat(shortWarmup.verdict()).isEqualTo("WARM-UP TOO SHORT");
        assertThat(shortWarmup.firstFinding()).isEqualTo(
                "ema_slow at 2024-01-01T00:10:00Z: full run 3.0, 11356 bars of history 4.0");
        WarmupResult decisionOnly = new WarmupResult(2.0, 40, true, null, null,
                Difference.decision(ms(3), "SELL 1.0", "HOLD"), 1, null);
        assertThat(report(null, List.of(), List.of(decisionOnly)).firstFinding())
                .isEqualTo("decision at 2024-01-01T00:03:00Z: full run SELL 1.0, 40 bars of history HOLD");
        WarmupResult failedMust = new WarmupResult(2.0, 40, true, null, null, null, 0, "no bars before y");
        assertThat(report(null, List.of(), List.of(failedMust)).firstFinding()).isEqualTo("no bars before y");
        assertThat(report(null, List.of(), List.of(failedMust)).verdict()).isEqualTo("WARM-UP TOO SHORT");
        assertThat(report(null, List.of(), List.of()).verdict()).isEqualTo("PASS");
        assertThat(CLEAN.clean()).isTrue();
        assertThat(FAILED.clean()).isFalse();
        assertThat(FEATURE.clean()).isFalse();
        assertThat(TWICE.clean()).isTrue();
        assertThat(QUARTER.clean()).isFalse();
        assertThat(new WarmupResult(2.0, 40, true, null, null, Difference.decision(0, "a", "b"), 1, null).clean())
                .isFalse();
    }

    @Test
    void the_lists_are_copied() {
        List<CutResult> cuts = new ArrayList<>(List.of(CLEAN));
        List<WarmupResult> warmups = new ArrayList<>(List.of(TWICE));
        BiasReport r = report(null, cuts, warmups);
        cuts.add(FAILED);
        warmups.add(TOO_SHORT);
        assertThat(r.cuts()).containsExactly(CLEAN);
        assertThat(r.warmups()).containsExactly(TWICE);
        assertThat(r.passed()).isTrue();
    }

    @Test
    void the_text_shows_every_cut_and_warmup_run_and_ends_with_the_verdict() {
        BiasReport r = report("look-ahead: full", List.of(CLEAN, FAILED, FEATURE, DECISION, MISSING),
                List.of(TWICE, HALF, QUARTER, NONE, ODD, TOO_SHORT,
                        new WarmupResult(2.0, 8, true, null, null, null, -1, null)));
        assertThat(r.text()).isEqualTo(String.join("\n",
                "check-bias ema-cross 2024-01-01T00:00:00Z..2024-01-02T00:00:00Z: 1,440 bars, 1,234 decisions",
                "look-ahead (5 truncated runs against the full run)",
                "  full run: look-ahead: full",
                "  cut at 2024-01-01T01:00:00Z: same (1,234 decisions)",
                "  cut at 2024-01-01T02:00:00Z: FAILED boom",
                "  cut at 2024-01-01T03:00:00Z: DIFFERS ema_fast at 2024-01-01T01:30:00Z: full run 1.5, cut none (warming up)",
                "  cut at 2024-01-01T04:00:00Z: DIFFERS decision at 2024-01-01T03:20:00Z: full run BUY 1.0, cut HOLD",
                "  cut at 2024-01-01T05:00:00Z: DIFFERS bar 2024-01-01T04:59:00Z missing from the cut",
                "warm-up (indicator history: 5,678 bars declared with margin)",
                "  2x       11,356 bars: same indicators (1e-9) and decisions: the declared warm-up is enough",
                "  1/2       2,839 bars: first rsi at 2024-01-01T00:00:00Z: full run 1.0, here 2.0, agreeing again from "
                        + "2024-01-01T00:30:00Z; 3 decisions differ, first decision at 2024-01-01T00:05:00Z: full run "
                        + "BUY 1.0, here HOLD",
                "  1/4       1,419 bars: FAILED no bars before x",
                "  none          0 bars: first rsi at 2024-01-01T00:00:00Z: full run 1.0, here none (warming up), "
                        + "differing to the end; decisions not compared (an llm strategy is not asked again)",
                "  0.3           5 bars: same indicators (1e-9)",
                "  2x       11,356 bars: DIFFERS first ema_slow at 2024-01-01T00:10:00Z: full run 3.0, here 4.0, "
                        + "agreeing again from 2024-01-01T00:20:00Z; decisions the same",
                "  2x            8 bars: same indicators (1e-9): the declared warm-up is enough",
                "verdict: LOOK-AHEAD and WARM-UP TOO SHORT: look-ahead: full", ""));
        assertThat(report(null, List.of(CLEAN), List.of(ODD)).text()).endsWith(
                "  0.3           5 bars: same indicators (1e-9)\nverdict: PASS\n");
    }

    @Test
    void the_json_form_holds_every_figure() {
        BiasReport r = report(null, List.of(CLEAN, FAILED, FEATURE), List.of(TWICE, HALF, NONE, ODD));
        Map<String, Object> m = r.toMap();
        assertThat(m.keySet()).containsExactly("verdict", "passed", "first_finding", "strategy", "start", "end", "bars",
                "decisions", "full_run_failure", "cuts", "warmup");
        assertThat(m).containsEntry("verdict", "LOOK-AHEAD").containsEntry("passed", false)
                .containsEntry("first_finding", "cut at 2024-01-01T02:00:00Z: boom")
                .containsEntry("strategy", "ema-cross").containsEntry("start", "2024-01-01T00:00:00Z")
                .containsEntry("end", "2024-01-02T00:00:00Z").containsEntry("bars", 1440)
                .containsEntry("decisions", 1234).containsEntry("full_run_failure", null);
        assertThat(m.get("cuts")).isEqualTo(List.of(
                map("cut", "2024-01-01T01:00:00Z", "decisions_compared", 1234, "difference", null, "failure", null),
                map("cut", "2024-01-01T02:00:00Z", "decisions_compared", 0, "difference", null, "failure", "boom"),
                map("cut", "2024-01-01T03:00:00Z", "decisions_compared", 7, "difference",
                        map("kind", "feature", "bar", "2024-01-01T01:30:00Z", "what", "ema_fast", "full_run", "1.5",
                                "other", "none (warming up)"), "failure", null)));
        Map<String, Object> half = map("history", "1/2", "history_bars", 2839L, "must_match", false,
                "first_feature_difference", map("kind", "feature", "bar", "2024-01-01T00:00:00Z", "what", "rsi",
                        "full_run", "1.0", "other", "2.0"),
                "indicators_agree_from", "2024-01-01T00:30:00Z",
                "first_decision_difference", map("kind", "decision", "bar", "2024-01-01T00:05:00Z", "what", "decision",
                        "full_run", "BUY 1.0", "other", "HOLD"),
                "decisions_differing", 3, "failure", null);
        Map<String, Object> twice = map("history", "2x", "history_bars", 11_356L, "must_match", true,
                "first_feature_difference", null, "indicators_agree_from", null, "first_decision_difference", null,
                "decisions_differing", 0, "failure", null);
        Map<String, Object> none = map("history", "none", "history_bars", 0L, "must_match", false,
                "first_feature_difference", map("kind", "feature", "bar", "2024-01-01T00:00:00Z", "what", "rsi",
                        "full_run", "1.0", "other", "none (warming up)"),
                "indicators_agree_from", null, "first_decision_difference", null, "decisions_differing", -1,
                "failure", null);
        Map<String, Object> odd = map("history", "0.3", "history_bars", 5L, "must_match", false,
                "first_feature_difference", null, "indicators_agree_from", null, "first_decision_difference", null,
                "decisions_differing", -1, "failure", null);
        assertThat(m.get("warmup")).isEqualTo(map("history_bars", 5678L, "runs", List.of(twice, half, none, odd)));
        Map<String, Object> pass = report(null, List.of(), List.of(QUARTER)).toMap();
        assertThat(pass).containsEntry("verdict", "PASS").containsEntry("passed", true)
                .containsEntry("first_finding", null);
        assertThat(((List<?>) ((Map<?, ?>) pass.get("warmup")).get("runs")).get(0)).isEqualTo(map("history", "1/4",
                "history_bars", 1419L, "must_match", false, "first_feature_difference", null,
                "indicators_agree_from", null, "first_decision_difference", null, "decisions_differing", 0,
                "failure", "no bars before x"));
        assertThat(report("look-ahead: x", List.of(), List.of()).toMap()).containsEntry("full_run_failure",
                "look-ahead: x");
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
