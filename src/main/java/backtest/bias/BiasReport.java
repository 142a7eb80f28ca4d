package backtest.bias;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code backtest check-bias} found: the verdict, each truncated cut against the full run, each warm-up variant.
 *
 * @param fullRunFailure how the full run failed by looking ahead through the API (null: it ran)
 */
public record BiasReport(String strategy, Instant start, Instant end, int bars, int decisions, long historyBars,
                         String fullRunFailure, List<CutResult> cuts, List<WarmupResult> warmups) {

    public BiasReport {
        cuts = List.copyOf(cuts);
        warmups = List.copyOf(warmups);
    }

    /** The first place two runs part: a feature value, a missing bar, or a decision. */
    public record Difference(String kind, long ts, String what, String full, String other) {
        static Difference feature(long ts, String column, double full, double other) {
            return new Difference("feature", ts, column, num(full), num(other));
        }

        static Difference missing(long ts) {
            return new Difference("bar", ts, "bar", "present", "missing");
        }

        static Difference decision(long ts, String full, String other) {
            return new Difference("decision", ts, "decision", full, other);
        }

        String describe(String otherName) {
            String at = Instant.ofEpochMilli(ts).toString();
            return switch (kind) {
                case "feature" -> what + " at " + at + ": full run " + full + ", " + otherName + " " + other;
                case "bar" -> "bar " + at + " missing from the " + otherName;
                default -> "decision at " + at + ": full run " + full + ", " + otherName + " " + other;
            };
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", kind);
            m.put("bar", Instant.ofEpochMilli(ts).toString());
            m.put("what", what);
            m.put("full_run", full);
            m.put("other", other);
            return m;
        }
    }

    /** One truncated run [start, cut) against the full run: equal, the first difference, or how it failed. */
    public record CutResult(Instant cut, int row, int decisionsCompared, Difference difference, String failure) {
        public boolean clean() {
            return difference == null && failure == null;
        }
    }

    /**
     * The run with {@code historyBars} of indicator history ({@code factor} x the declared warm-up with its margin).
     * {@code mustMatch}: more history than declared, where nothing may change. {@code indicatorsAgreeFrom}: the bar
     * from which every indicator agrees with the full run again (null: never, or no difference).
     * {@code decisionsDiffering} -1: decisions not compared (an llm strategy is not asked again on other histories).
     */
    public record WarmupResult(double factor, long historyBars, boolean mustMatch, Difference feature,
                               Instant indicatorsAgreeFrom, Difference decision, int decisionsDiffering,
                               String failure) {
        public boolean clean() {
            return feature == null && decision == null && failure == null;
        }
    }

    public boolean lookAhead() {
        return fullRunFailure != null || cuts.stream().anyMatch(c -> !c.clean());
    }

    public boolean warmupTooShort() {
        return warmups.stream().anyMatch(w -> w.mustMatch() && !w.clean());
    }

    public boolean passed() {
        return !lookAhead() && !warmupTooShort();
    }

    public String verdict() {
        if (lookAhead() && warmupTooShort()) {
            return "LOOK-AHEAD and WARM-UP TOO SHORT";
        }
        return lookAhead() ? "LOOK-AHEAD" : warmupTooShort() ? "WARM-UP TOO SHORT" : "PASS";
    }

    /** The first finding in one line, or null when it passed. */
    public String firstFinding() {
        if (fullRunFailure != null) {
            return fullRunFailure;
        }
        for (CutResult c : cuts) {
            if (c.failure() != null) {
                return "cut at " + c.cut() + ": " + c.failure();
            }
            if (c.difference() != null) {
                return c.difference().describe("cut at " + c.cut());
            }
        }
        for (WarmupResult w : warmups) {
            if (w.mustMatch() && !w.clean()) {
                return w.failure() != null ? w.failure()
                        : (w.feature() != null ? w.feature() : w.decision()).describe(w.historyBars() + " bars of history");
            }
        }
        return null;
    }

    /** The report as the CLI prints it. */
    public String text() {
        StringBuilder b = new StringBuilder();
        b.append("check-bias ").append(strategy).append(' ').append(start).append("..").append(end).append(": ")
                .append(String.format(Locale.ROOT, "%,d bars, %,d decisions", bars, decisions)).append('\n');
        b.append("look-ahead (").append(cuts.size()).append(" truncated runs against the full run)\n");
        if (fullRunFailure != null) {
            b.append("  full run: ").append(fullRunFailure).append('\n');
        }
        for (CutResult c : cuts) {
            b.append("  cut at ").append(c.cut()).append(": ");
            if (c.failure() != null) {
                b.append("FAILED ").append(c.failure());
            } else if (c.difference() != null) {
                b.append("DIFFERS ").append(c.difference().describe("cut"));
            } else {
                b.append(String.format(Locale.ROOT, "same (%,d decisions)", c.decisionsCompared()));
            }
            b.append('\n');
        }
        b.append(String.format(Locale.ROOT, "warm-up (indicator history: %,d bars declared with margin)%n", historyBars));
        for (WarmupResult w : warmups) {
            b.append(String.format(Locale.ROOT, "  %-5s %,9d bars: ", factor(w.factor()), w.historyBars()));
            if (w.failure() != null) {
                b.append("FAILED ").append(w.failure());
            } else if (w.clean()) {
                String what = w.decisionsDiffering() < 0 ? "same indicators (1e-9)" : "same indicators (1e-9) and decisions";
                b.append(w.mustMatch() ? what + ": the declared warm-up is enough" : what);
            } else {
                b.append(w.mustMatch() ? "DIFFERS " : "");
                List<String> parts = new ArrayList<>();
                if (w.feature() != null) {
                    parts.add("first " + w.feature().describe("here") + (w.indicatorsAgreeFrom() == null
                            ? ", differing to the end" : ", agreeing again from " + w.indicatorsAgreeFrom()));
                }
                if (w.decisionsDiffering() < 0) {
                    parts.add("decisions not compared (an llm strategy is not asked again)");
                } else if (w.decision() != null) {
                    parts.add(String.format(Locale.ROOT, "%,d decisions differ, first %s", w.decisionsDiffering(),
                            w.decision().describe("here")));
                } else {
                    parts.add("decisions the same");
                }
                b.append(String.join("; ", parts));
            }
            b.append('\n');
        }
        b.append("verdict: ").append(verdict());
        String first = firstFinding();
        if (first != null) {
            b.append(": ").append(first);
        }
        return b.append('\n').toString();
    }

    private static String factor(double f) {
        return f == 0 ? "none" : f == 0.5 ? "1/2" : f == 0.25 ? "1/4" : f == 2 ? "2x" : Double.toString(f);
    }

    static String num(double v) {
        return Double.isNaN(v) ? "none (warming up)" : Double.toString(v);
    }

    /** The JSON form ({@code --json}). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("verdict", verdict());
        m.put("passed", passed());
        m.put("first_finding", firstFinding());
        m.put("strategy", strategy);
        m.put("start", start.toString());
        m.put("end", end.toString());
        m.put("bars", bars);
        m.put("decisions", decisions);
        m.put("full_run_failure", fullRunFailure);
        List<Map<String, Object>> cs = new ArrayList<>();
        for (CutResult c : cuts) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("cut", c.cut().toString());
            x.put("decisions_compared", c.decisionsCompared());
            x.put("difference", c.difference() == null ? null : c.difference().toMap());
            x.put("failure", c.failure());
            cs.add(x);
        }
        m.put("cuts", cs);
        Map<String, Object> wm = new LinkedHashMap<>();
        wm.put("history_bars", historyBars);
        List<Map<String, Object>> ws = new ArrayList<>();
        for (WarmupResult w : warmups) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("history", factor(w.factor()));
            x.put("history_bars", w.historyBars());
            x.put("must_match", w.mustMatch());
            x.put("first_feature_difference", w.feature() == null ? null : w.feature().toMap());
            x.put("indicators_agree_from", w.indicatorsAgreeFrom() == null ? null : w.indicatorsAgreeFrom().toString());
            x.put("first_decision_difference", w.decision() == null ? null : w.decision().toMap());
            x.put("decisions_differing", w.decisionsDiffering());
            x.put("failure", w.failure());
            ws.add(x);
        }
        wm.put("runs", ws);
        m.put("warmup", wm);
        return m;
    }
}
