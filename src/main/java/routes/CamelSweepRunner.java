package routes;

import api.Job;
import api.JobRunner;
import api.SweepPlanner;
import backtest.service.BacktestService;
import backtest.RunProgress;
import backtest.sweep.SweepPlan;
import backtest.sweep.SweepRequest;
import backtest.sweep.SweepSummary;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;

/**
 * The service's sweep jobs run through {@code direct:backtest-sweep}, the CLI's route (on every processor, as the
 * CLI's default {@code --threads}); the plan asks the backtest bean.
 */
final class CamelSweepRunner implements JobRunner, SweepPlanner {
    private final CamelContext context;
    private final ProducerTemplate template;

    CamelSweepRunner(CamelContext context) {
        this.context = context;
        this.template = context.createProducerTemplate();
    }

    @Override
    public SweepPlan plan(SweepRequest request) throws IOException {
        return context.getRegistry().lookupByNameAndType("backtestService", BacktestService.class).planSweep(request);
    }

    @Override
    public Path run(Job job, RunProgress progress) {
        SweepRequest request = new SweepRequest(job.config(), job.sweep().grid(), 0, job.sweep().rankBy(),
                job.sweep().rerunBest());
        return PipelineRuntime.unwrapped(() -> template.requestBodyAndHeader(Endpoints.BACKTEST_SWEEP, request,
                Endpoints.HEADER_PROGRESS, progress, SweepSummary.class)).folder();
    }
}
