package routes;

import api.BacktestRunner;
import backtest.config.BacktestConfig;
import backtest.service.BacktestService;
import backtest.run.RunPlan;
import backtest.RunProgress;
import backtest.run.RunSummary;
import java.io.IOException;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;

/** The service's jobs run through {@code direct:backtest}, the CLI's route; the plan asks the backtest bean. */
final class CamelBacktestRunner implements BacktestRunner {
    private final CamelContext context;
    private final ProducerTemplate template;

    CamelBacktestRunner(CamelContext context) {
        this.context = context;
        this.template = context.createProducerTemplate();
    }

    @Override
    public RunPlan plan(BacktestConfig cfg) throws IOException {
        return context.getRegistry().lookupByNameAndType("backtestService", BacktestService.class).plan(cfg);
    }

    @Override
    public RunSummary run(BacktestConfig cfg, RunProgress progress) {
        return PipelineRuntime.unwrapped(() -> template.requestBodyAndHeader(Endpoints.BACKTEST, cfg,
                Endpoints.HEADER_PROGRESS, progress, RunSummary.class));
    }
}
