package support;

/**
 * Source of three strategy plug-ins that peek at the next bar, each through another channel: {@code peek-api} reads
 * the row after the decision bar through the API, {@code peek-reflect} reads the engine's frame by reflection,
 * {@code peek-memory} remembers bars across runs in a static field. {@code backtest check-bias} must flag each.
 * Registered by {@code META-INF/services/backtest.plugin.StrategyPlugin} with {@link #SERVICES}.
 */
public final class PeekingPlugins {
    public static final String SERVICES = "peek.Peekers$Api\npeek.Peekers$Reflect\npeek.Peekers$Memory\n";

    private PeekingPlugins() {
    }

    public static final String SOURCE = """
            package peek;

            import backtest.Decision;
            import backtest.DecisionContext;
            import backtest.Strategy;
            import backtest.plugin.PluginParams;
            import backtest.plugin.StrategyPlugin;
            import features.FeatureFrame;
            import java.util.HashMap;
            import java.util.Map;

            public final class Peekers {
                static Decision byNext(double now, double next, String how) {
                    return next > now ? Decision.buy(1, how) : next < now ? Decision.sell(1, how) : Decision.HOLD;
                }

                public static final class Api implements StrategyPlugin {
                    public String name() { return "peek-api"; }
                    public Strategy create(PluginParams p) {
                        return new Strategy() {
                            public Decision decide(DecisionContext ctx) {
                                var c = ctx.series("close");
                                return byNext(c.current(), c.get(ctx.index() + 1), "api");
                            }
                            public String name() { return "peek-api"; }
                        };
                    }
                }

                public static final class Reflect implements StrategyPlugin {
                    public String name() { return "peek-reflect"; }
                    public Strategy create(PluginParams p) {
                        return new Strategy() {
                            public Decision decide(DecisionContext ctx) {
                                try {
                                    var f = DecisionContext.class.getDeclaredField("frame");
                                    f.setAccessible(true);
                                    FeatureFrame frame = (FeatureFrame) f.get(ctx);
                                    int i = ctx.index();
                                    double[] close = frame.bars().close;
                                    return i + 1 < frame.size() ? byNext(close[i], close[i + 1], "reflect") : Decision.HOLD;
                                } catch (ReflectiveOperationException e) {
                                    throw new IllegalStateException(e);
                                }
                            }
                            public String name() { return "peek-reflect"; }
                        };
                    }
                }

                public static final class Memory implements StrategyPlugin {
                    static final Map<Long, Double> SEEN = new HashMap<>();
                    public String name() { return "peek-memory"; }
                    public Strategy create(PluginParams p) {
                        return new Strategy() {
                            public Decision decide(DecisionContext ctx) {
                                double now = ctx.series("close").current();
                                SEEN.put(ctx.time(), now);
                                Double next = SEEN.get(ctx.time() + ctx.spec().interval().millis());
                                return next == null ? Decision.HOLD : byNext(now, next, "memory");
                            }
                            public String name() { return "peek-memory"; }
                        };
                    }
                }
            }
            """;
}
