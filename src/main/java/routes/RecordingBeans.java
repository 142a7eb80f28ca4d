package routes;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import replay.ExchangeRecorder;

/** {@code app.record.*}: installs the recording route policies when any route is chosen (none by default). */
final class RecordingBeans implements CamelConfiguration {
    private final PipelineSettings app;

    RecordingBeans(PipelineSettings app) {
        this.app = app;
    }

    @Override
    public void configure(CamelContext context) {
        PipelineSettings.Recording rec = app.recording();
        if (rec.routes().isEmpty()) {
            return;
        }
        ExchangeRecorder recorder = new ExchangeRecorder(app.exports().dir().resolve("exchanges"), rec.routes(),
                rec.redact());
        context.addRoutePolicyFactory(new RecordingPolicies(recorder));
        context.addLifecycleStrategy(new org.apache.camel.support.LifecycleStrategySupport() {
            @Override
            public void onContextStopped(CamelContext ctx) {
                recorder.close();
            }
        });
    }
}
