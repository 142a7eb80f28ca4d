package backtest.strategy;

import backtest.Action;
import backtest.Decision;
import backtest.DecisionContext;
import backtest.Strategy;
import backtest.config.ConfigException;
import backtest.run.RunArtefacts;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Replays a previous run's {@code decisions.jsonl}: at each decision bar it returns the decision recorded for that
 * bar's time (HOLD, noted, when the log has none), so a run can be repeated — with other fees, sizes or data — and
 * an LLM run re-evaluated without calling the model again.
 */
public final class ReplayStrategy implements Strategy {
    private final Map<Long, Decision> recorded;
    private final String from;

    private ReplayStrategy(Map<Long, Decision> recorded, String from) {
        this.recorded = recorded;
        this.from = from;
    }

    /** Reads {@code <runFolder>/decisions.jsonl}. */
    public static ReplayStrategy fromRun(Path runFolder) throws IOException {
        Path log = runFolder.resolve("decisions.jsonl");
        if (!Files.exists(log)) {
            throw new ConfigException("strategy.from_run", "no decisions.jsonl in " + runFolder);
        }
        Map<Long, Decision> recorded = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(log)) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode d = RunArtefacts.JSON.readTree(line);
                if (!d.path("reason").asText("signal").equals("signal")) {
                    continue; // a risk exit, not the strategy's decision: the replayed run's own risk rules decide
                }
                try {
                    Action action = Action.valueOf(d.get("action").asText());
                    recorded.put(Instant.parse(d.get("ts").asText()).toEpochMilli(),
                            new Decision(action, d.get("size_pct").asDouble(), d.path("note").asText(null)));
                } catch (RuntimeException e) {
                    throw new ConfigException("strategy.from_run", log + " line " + n + ": " + e.getMessage());
                }
            }
        }
        return new ReplayStrategy(recorded, runFolder.getFileName().toString());
    }

    @Override
    public Decision decide(DecisionContext ctx) {
        Decision d = recorded.get(ctx.time());
        return d != null ? d : Decision.noSignal("replay: no decision recorded at this bar");
    }

    @Override
    public String name() {
        return "replay(" + from + ")";
    }
}
