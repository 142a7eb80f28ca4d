package routes;

import static routes.Endpoints.HEADER_FILE;
import static routes.Endpoints.HEADER_OUTCOME_TARGET;
import static routes.Endpoints.HEADER_REPLACE;
import static routes.Endpoints.INGEST_FILE;
import static routes.Endpoints.INGEST_FINISH;
import static routes.Endpoints.INGEST_PARSE;
import static routes.Endpoints.INGEST_PREPARE;
import static routes.Endpoints.PROPERTY_SESSION;

import ingest.IngestService;
import ingest.IngestSession;
import ingest.LineBatch;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/**
 * Ingest: the inbox watcher hands complete files to {@code direct:ingest-file}, which the CLI's
 * {@code ingest} command calls too; up to {@code app.inbox.concurrency} inbox files at once, at most one per symbol
 * ({@link InboxReadLock}). The file is opened (name, symbol, checksum, safe unzip), its CSV is
 * split into line batches that are parsed and validated one exchange per batch, then merged into the store.
 * The route answers with an {@code IngestOutcome}; a refusal is a value, not an exception.
 */
public final class IngestRoutes extends RouteBuilder {
    private final PipelineSettings.Inbox inbox;

    public IngestRoutes(PipelineSettings.Inbox inbox) {
        this.inbox = inbox;
    }

    @Override
    public void configure() {
        // every entry goes through the inbox triage: taken now (unknown names are refused), or waiting, reported once
        // readLock=changed through #inboxReadLock (settle times from app.inbox.*), which also lets a file start only
        // when no other file of its symbol is in flight and fewer than app.inbox.concurrency are; the file then goes
        // on in the inbox pool, so the watcher takes the next symbol's file at once
        fromF("file:%s?filter=#inboxFileFilter&recursive=true"
                + "&exclusiveReadLockStrategy=#inboxReadLock"
                + "&delay=%d&sortBy=file:name"
                + "&move=${header." + HEADER_OUTCOME_TARGET + "}"
                // only when even settling failed (no reason file then): a time stamp keeps earlier files
                + "&moveFailed=.failed/${file:name.noext}-${date:now:yyyyMMdd-HHmmssSSS}.${file:ext}",
                inbox.dir(), inbox.pollMs())
                .routeId(Endpoints.ROUTE_INGEST_INBOX)
                .autoStartup(inbox.enabled())
                // last line of defence: whatever fails here, this file goes to .failed with a reason, the next is taken
                .onException(Exception.class).handled(true)
                    .setBody(method("ingestService", "fail(null, ${header." + HEADER_FILE + "}, ${exception})"))
                    .setHeader(HEADER_OUTCOME_TARGET, method("inboxOutcomes", "settle(${header." + HEADER_FILE + "}, ${body})"))
                    .log(LoggingLevel.WARN, "inbox: ${body.summary()}")
                .end()
                .threads(inbox.concurrency(), inbox.concurrency()).threadName("inbox")
                .setHeader(HEADER_FILE, header(Exchange.FILE_PATH))
                .setHeader(HEADER_REPLACE, constant(false))
                .choice()
                    .when(method("inboxTriage", "isChecksum(${header." + HEADER_FILE + "})"))
                        .setBody(method("inboxTriage", "orphan(${header." + HEADER_FILE + "})")).id("inbox-orphan-checksum")
                        .bean(PipelineMeters.BEAN, "ingested").id("inbox-orphan-metrics")
                    .otherwise()
                        .setBody(header(HEADER_FILE))
                        .to(INGEST_FILE).id("inbox-to-ingest")
                .end()
                .setHeader(HEADER_OUTCOME_TARGET, method("inboxOutcomes", "settle(${header." + HEADER_FILE + "}, ${body})"))
                .choice()
                    .when(simple("${body.ok()}")).log(LoggingLevel.INFO, "inbox: ${body.summary()}")
                    .otherwise().log(LoggingLevel.WARN, "inbox: ${body.summary()}")
                .end();

        from(INGEST_FILE)
                .routeId(Endpoints.ROUTE_INGEST_FILE)
                .setHeader(HEADER_FILE, body().convertToString())
                .doTry()
                    .bean("ingestService", "open(${header." + HEADER_FILE + "}, ${header." + HEADER_REPLACE + "}, ${header."
                            + Endpoints.HEADER_SOURCE + "}, ${header." + Endpoints.HEADER_RECORD_AS + "})")
                    .setProperty(PROPERTY_SESSION, body())
                    .to(INGEST_PARSE).id("ingest-to-parse")
                    .bean("ingestService", "commit(${exchangeProperty." + PROPERTY_SESSION + "})").id("ingest-commit")
                .doCatch(Exception.class)
                    .bean("ingestService", "fail(${exchangeProperty." + PROPERTY_SESSION + "}, ${header." + HEADER_FILE
                            + "}, ${exception})").id("ingest-refuse")
                .end()
                .bean(PipelineMeters.BEAN, "ingested").id("ingest-metrics")
                // new rows: the standing feature files of the month (and the next, whose warm-up reads it) follow,
                // unless the caller refreshes them once after its last file (the ingest command: HEADER_FEATURES_LATER)
                .filter(org.apache.camel.support.builder.PredicateBuilder.and(simple("${body.status.name} == 'INGESTED'"),
                        header(Endpoints.HEADER_FEATURES_LATER).isNotEqualTo(true)))
                    .wireTap(Endpoints.FEATURES_REFRESH).id("ingest-refresh-features")
                .end();

        // several files in a row (the ingest command): the next file is opened and parsed (ingest-prepare, on another
        // thread) while this one commits (ingest-finish); commits stay in order, one at a time. A file read ahead whose
        // bytes offsets.json records by its turn (the file before was the same) is ingested from the start instead,
        // so every outcome is the one ingest-file gives
        from(INGEST_PREPARE)
                .routeId(Endpoints.ROUTE_INGEST_PREPARE)
                .setHeader(HEADER_FILE, body().convertToString())
                .doTry()
                    .bean("ingestService", "openAhead(${header." + HEADER_FILE + "}, ${header." + HEADER_REPLACE + "})")
                    .setProperty(PROPERTY_SESSION, body())
                    .to(INGEST_PARSE).id("ingest-ahead-to-parse") // no batches for a deferred file
                    .setBody(method("ingestService", "prepared(${header." + HEADER_FILE + "}, ${exchangeProperty."
                            + PROPERTY_SESSION + "})"))
                .doCatch(Exception.class)
                    .setBody(method("ingestService", "preparedRefusal(${exchangeProperty." + PROPERTY_SESSION
                            + "}, ${header." + HEADER_FILE + "}, ${exception})")).id("ingest-ahead-refuse")
                .end();

        from(INGEST_FINISH)
                .routeId(Endpoints.ROUTE_INGEST_FINISH)
                .choice()
                    .when(method("ingestService", "stale(${body})"))
                        .setBody(method("ingestService", "discard(${body})"))
                        .to(INGEST_FILE).id("ingest-finish-from-start")
                        .stop()
                .end()
                .setHeader(HEADER_FILE, simple("${body.path}"))
                .setProperty(PROPERTY_SESSION, simple("${body.session}"))
                .doTry()
                    .bean("ingestService", "finish(${body})").id("ingest-finish-commit")
                .doCatch(Exception.class)
                    .bean("ingestService", "fail(${exchangeProperty." + PROPERTY_SESSION + "}, ${header." + HEADER_FILE
                            + "}, ${exception})").id("ingest-finish-refuse")
                .end()
                .bean(PipelineMeters.BEAN, "ingested").id("ingest-finish-metrics")
                .filter(org.apache.camel.support.builder.PredicateBuilder.and(simple("${body.status.name} == 'INGESTED'"),
                        header(Endpoints.HEADER_FEATURES_LATER).isNotEqualTo(true)))
                    .wireTap(Endpoints.FEATURES_REFRESH).id("ingest-finish-refresh-features")
                .end();

        from(INGEST_PARSE)
                .routeId(Endpoints.ROUTE_INGEST_PARSE)
                .errorHandler(noErrorHandler()) // refusals are caught and turned into values by ingest-file
                .split(method("ingestService", "batches")).streaming().stopOnException()
                    // ingestService.parse(session, batch), called directly: a batch is a few milliseconds of work, and
                    // the bean component's method-expression binding cost a month's 15 batches ~1.5 ms of the route's thread
                    .process(new ParseBatch()).id("ingest-parse-batch")
                .end();
    }

    /** {@code ingestService.parse(<the session property>, <the batch>)} without the per-call expression binding. */
    private static final class ParseBatch implements Processor {
        private volatile IngestService service;

        @Override
        public void process(Exchange exchange) throws Exception {
            IngestService s = service;
            if (s == null) {
                s = exchange.getContext().getRegistry().lookupByNameAndType("ingestService", IngestService.class);
                if (s == null) {
                    throw new IllegalStateException("no bean ingestService in the registry");
                }
                service = s;
            }
            s.parse(exchange.getProperty(PROPERTY_SESSION, IngestSession.class),
                    exchange.getIn().getMandatoryBody(LineBatch.class));
        }
    }
}
