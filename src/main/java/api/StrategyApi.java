package api;

import backtest.bias.BiasReport;
import backtest.bias.BiasRequest;
import backtest.config.BacktestConfig;
import backtest.config.ConfigException;
import backtest.plugin.ParamSpec;
import backtest.plugin.StrategyFailure;
import backtest.plugin.StrategyPlugin;
import backtest.plugin.StrategyRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;

/**
 * {@code GET /strategies} (what {@code backtest strategies} lists: the built-ins and the plug-ins of
 * {@code app.plugins.dir} with their parameters) and {@code POST /check-bias} (what {@code backtest check-bias} does,
 * answered when done: one at a time, the window and the cuts bounded, since the caller waits for it).
 */
public final class StrategyApi {
    /** Most truncated runs one request may ask for. */
    public static final int MAX_CUTS = 20;
    /** Longest window, in bars of the config's interval (a year of 1m bars and some). */
    public static final long MAX_BARS = 600_000;

    /** The analysis, through the CLI's route. */
    @FunctionalInterface
    public interface BiasRunner {
        BiasReport check(BiasRequest request) throws IOException;
    }

    private final BiasRunner runner;
    private final ConfigPolicy policy;
    /** The symbols configs may name. */
    private final storage.KlineStores stores;
    private final Semaphore one = new Semaphore(1);

    public StrategyApi(BiasRunner runner, ConfigPolicy policy, storage.KlineStores stores) {
        this.runner = runner;
        this.policy = policy;
        this.stores = stores;
    }

    /** GET /strategies. */
    public ApiReply list(String query) {
        QueryParams.parse(query, Set.of());
        StrategyRegistry r = StrategyRegistry.global();
        List<Map<String, Object>> items = new ArrayList<>();
        for (String name : r.names()) {
            StrategyPlugin p = r.find(name);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("description", p.description());
            m.put("source", r.source(name));
            List<Map<String, Object>> params = new ArrayList<>();
            for (ParamSpec s : p.parameters()) {
                Map<String, Object> ps = new LinkedHashMap<>();
                ps.put("name", s.name());
                ps.put("type", s.type().name().toLowerCase(Locale.ROOT));
                ps.put("default", s.dflt());
                ps.put("min", s.min());
                ps.put("max", s.max());
                ps.put("choices", s.choices().isEmpty() ? null : s.choices());
                ps.put("description", s.description().isEmpty() ? null : s.description());
                params.add(ps);
            }
            m.put("parameters", params);
            m.put("sweepable", p.sweepable());
            items.add(m);
        }
        return ApiReply.json(200, Map.of("items", items));
    }

    /** POST /check-bias?cuts=N: the report (200, whatever the verdict). */
    public ApiReply checkBias(byte[] body, String contentType, String query) throws IOException {
        QueryParams q = QueryParams.parse(query, Set.of("cuts"));
        int cuts = q.intIn("cuts", 1, MAX_CUTS, 6);
        BacktestConfig cfg = PostedConfig.read(body, contentType, policy);
        SymbolCheck.require(stores, cfg.symbol(), "symbol");
        long bars = (cfg.end().toEpochMilli() - cfg.start().toEpochMilli()) / cfg.interval().millis();
        if (bars > MAX_BARS) {
            throw new ApiException(Problem.Kind.INVALID_CONFIG.at("key", "end", String.format(Locale.ROOT,
                    "end: the window holds %,d %s bars; POST /check-bias takes at most %,d (a coarser interval, a"
                            + " shorter window, or the CLI's backtest check-bias)", bars, cfg.interval().code(), MAX_BARS)));
        }
        if (!one.tryAcquire()) {
            throw new ApiException(Problem.Kind.QUEUE_FULL.problem("a bias check is running already; post again when"
                    + " it is done"), Map.of("Retry-After", "5"));
        }
        try {
            return ApiReply.json(200, runner.check(new BiasRequest(cfg, cuts)).toMap());
        } catch (ConfigException e) {
            throw new ApiException(Problem.Kind.INVALID_CONFIG.at("key", e.key().isEmpty() ? null : e.key(),
                    e.getMessage()));
        } catch (StrategyFailure e) {
            throw new ApiException(Problem.Kind.INVALID_CONFIG.at("key", "strategy.type",
                    "the strategy fails on its own, so its bias cannot be checked: " + e.getMessage()));
        } finally {
            one.release();
        }
    }
}
