package backtest;

import backtest.config.BacktestConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/** Config YAML for tests: frictionless defaults (no fee, slippage or minimum, step 0.001), lines override by key. */
public final class TestConfigs {
    private TestConfigs() {
    }

    static String yaml(String... lines) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String l : new String[] {"start: 2024-01-01", "end: 2024-03-01", "interval: 1m", "initial_cash: 10000",
                "fee_rate: 0", "slippage_bps: 0", "min_notional: 0", "step_size: 0.001",
                "strategy: {type: ema-cross}"}) {
            m.put(l.substring(0, l.indexOf(':')), l);
        }
        for (String l : lines) {
            m.put(l.substring(0, l.indexOf(':')), l);
        }
        return String.join("\n", m.values()) + "\n";
    }

    public static BacktestConfig of(String... lines) {
        return BacktestConfig.parse(yaml(lines));
    }
}
