package routes;

import static routes.Endpoints.HEADER_REPLAY_OUT;
import static routes.Endpoints.HEADER_REPLAY_TARGET;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/**
 * Replay: {@code direct:replay} sends recorded exchanges through their route again or re-runs a run bundle
 * ({@code replayService}, package {@code replay}); the CLI's {@code replay} calls it. In the long-lived process
 * {@code replay-watch} takes recordings copied into {@code <exports>/replay/<route>/} (complete files only, read lock
 * {@code changed} with the inbox's timings), replays each through {@code direct:replay} in compare mode and moves it to
 * {@code <route>/.done/} or {@code <route>/.failed/} with a reason file ({@code replayDrops}).
 */
public final class ReplayRoutes extends RouteBuilder {
    private final PipelineSettings.Replay replay;
    private final PipelineSettings.Inbox timing;
    private final java.nio.file.Path dropDir;

    public ReplayRoutes(PipelineSettings.Replay replay, PipelineSettings.Inbox timing, java.nio.file.Path dropDir) {
        this.replay = replay;
        this.timing = timing;
        this.dropDir = dropDir;
    }

    @Override
    public void configure() {
        from(Endpoints.REPLAY)
                .routeId(Endpoints.ROUTE_REPLAY)
                .routeConfigurationId(RequestRouteConfiguration.ID)
                .bean("replayService", "handle(${body}, ${header." + HEADER_REPLAY_OUT + "})").id("replay-run");

        fromF("file:%s?recursive=true&maxDepth=2&includeExt=jsonl"
                + "&readLock=changed&readLockCheckInterval=%d&readLockMinAge=%d"
                + "&readLockTimeout=%d&readLockMinLength=0&readLockLoggingLevel=OFF"
                + "&delay=%d&sortBy=file:name&autoCreate=true"
                + "&move=${header." + HEADER_REPLAY_TARGET + "}"
                + "&moveFailed=.failed/${file:name.noext}-${date:now:yyyyMMdd-HHmmssSSS}.${file:ext}",
                dropDir, timing.settleMs(), timing.settleMs(), timing.lockTimeoutMs(), timing.pollMs())
                .routeId(Endpoints.ROUTE_REPLAY_WATCH)
                .autoStartup(replay.watchEnabled())
                // whatever fails (an unknown route folder, an unreadable file): this file goes to .failed with a reason
                .onException(Exception.class).handled(true)
                    .setHeader(HEADER_REPLAY_TARGET, method("replayDrops", "refuse(${header." + Exchange.FILE_PATH
                            + "}, ${exception})"))
                    .log(LoggingLevel.WARN, "replay drop ${header." + Exchange.FILE_NAME + "} refused: moved to ${header."
                            + HEADER_REPLAY_TARGET + "} (see its .reason.json)")
                .end()
                .setBody(method("replayDrops", "request(${header." + Exchange.FILE_PATH + "})"))
                .removeHeader(HEADER_REPLAY_OUT)
                .to(Endpoints.REPLAY).id("replay-watch-to-replay")
                .setHeader(HEADER_REPLAY_TARGET, method("replayDrops", "settle(${header." + Exchange.FILE_PATH + "}, ${body})"))
                .log(LoggingLevel.INFO, "replay drop ${header." + Exchange.FILE_NAME + "}: ${body.matched()} matched, "
                        + "${body.differed()} differed, ${body.failed()} failed; report ${body.report()}");
    }
}
