package routes;

/** Endpoint URIs, route ids and header keys shared by the routes, the CLI and the tests. */
public final class Endpoints {
    public static final String INGEST_FILE = "direct:ingest-file";
    public static final String INGEST_PARSE = "direct:ingest-parse";
    /** Several files in a row: a file opened and parsed ahead of its turn (answers an IngestService.Prepared). */
    public static final String INGEST_PREPARE = "direct:ingest-prepare";
    /** Several files in a row: a prepared file's turn - its commit or refusal, or its ingest from the start. */
    public static final String INGEST_FINISH = "direct:ingest-finish";
    public static final String BACKFILL = "direct:backfill";
    public static final String FEATURES = "direct:features";
    public static final String BACKTEST = "direct:backtest";
    public static final String BACKTEST_SWEEP = "direct:backtest-sweep";
    public static final String BACKTEST_WALK_FORWARD = "direct:backtest-walk-forward";
    public static final String BACKTEST_CHECK_BIAS = "direct:backtest-check-bias";
    public static final String FEATURES_REFRESH = "direct:features-refresh";
    public static final String BACKFILL_HTTP = "direct:backfill-http";
    public static final String VERIFY = "direct:verify";
    public static final String VERIFY_REPAIR = "direct:verify-repair";
    public static final String LLM_DECIDE = "direct:llm-decide";
    public static final String EXPORT = "direct:export";
    public static final String REPLAY = "direct:replay";

    public static final String ROUTE_INGEST_INBOX = "ingest-inbox";
    public static final String ROUTE_INGEST_FILE = "ingest-file";
    public static final String ROUTE_INGEST_PARSE = "ingest-parse";
    public static final String ROUTE_INGEST_PREPARE = "ingest-prepare";
    public static final String ROUTE_INGEST_FINISH = "ingest-finish";
    public static final String ROUTE_BACKFILL_TIMER = "backfill-timer";
    public static final String ROUTE_FEATURES = "features";
    public static final String ROUTE_BACKTEST = "backtest";
    public static final String ROUTE_BACKTEST_SWEEP = "backtest-sweep";
    public static final String ROUTE_BACKTEST_WALK_FORWARD = "backtest-walk-forward";
    public static final String ROUTE_BACKTEST_CHECK_BIAS = "backtest-check-bias";
    public static final String ROUTE_FEATURES_REFRESH = "features-refresh";
    public static final String ROUTE_BACKFILL_RUN = "backfill-run";
    public static final String ROUTE_BACKFILL_HTTP = "backfill-http";
    public static final String ROUTE_VERIFY = "verify-store";
    public static final String ROUTE_VERIFY_REPAIR = "verify-repair";
    public static final String ROUTE_LLM_DECIDE = "llm-decide";
    public static final String ROUTE_EXPORT = "export";
    public static final String ROUTE_REPLAY = "replay";
    public static final String ROUTE_REPLAY_WATCH = "replay-watch";

    /** Absolute path of the file being ingested. */
    public static final String HEADER_FILE = "klineFile";
    /** Boolean: replace stored rows of the file's period (Binance re-uploads). */
    public static final String HEADER_REPLACE = "klineReplace";
    /** Where the file came from, recorded in offsets.json: archive, csv or rest (default: by file type). */
    public static final String HEADER_SOURCE = "klineSource";
    /**
     * Boolean: the standing feature files are not refreshed per file; the caller sends the outcomes to
     * {@code direct:features-refresh} once after its last file (the ingest command).
     */
    public static final String HEADER_FEATURES_LATER = "klineFeaturesLater";
    /** storage.Offsets.FileEntry a kept raw CSV copy stands in for (a repair); absent for every other file. */
    public static final String HEADER_RECORD_AS = "klineRecordAs";
    /** Where the consumed inbox file moves to, relative to the inbox (.done/NAME, .failed/NAME or .failed/NAME-2.EXT). */
    public static final String HEADER_OUTCOME_TARGET = "klineOutcomeTarget";
    /** URL of a backfill HTTP request. */
    public static final String HEADER_HTTP_URL = "klineUrl";
    /** GET or HEAD. */
    public static final String HEADER_HTTP_METHOD = "klineHttpMethod";
    /** File a download is written to (absent: the body is returned as text). */
    public static final String HEADER_HTTP_TARGET = "klineDownloadTarget";
    /** The backfill.BackfillRuns.Ticket the REST API reserved for the run it starts; absent: the run reserves its own. */
    public static final String HEADER_BACKFILL_TICKET = "klineBackfillTicket";
    /** A backfill.BackfillProgress listener (CLI progress line); absent: progress is logged. */
    public static final String HEADER_PROGRESS = "klineProgress";
    /** URL of an LLM chat/completions attempt. */
    public static final String HEADER_LLM_URL = "llmUrl";
    /** Bearer token of an LLM attempt (from the environment; never logged). */
    public static final String HEADER_LLM_API_KEY = "llmApiKey";
    /** Total time bound of an LLM attempt (ms). */
    public static final String HEADER_LLM_TIMEOUT_MS = "llmTimeoutMs";
    /** TCP connect timeout of an LLM attempt (ms). */
    public static final String HEADER_LLM_CONNECT_TIMEOUT_MS = "llmConnectTimeoutMs";
    /** Largest response body an LLM attempt reads (bytes). */
    public static final String HEADER_LLM_MAX_BODY_BYTES = "llmMaxBodyBytes";
    /** A {@code Consumer<String>} that hears each replayed exchange's or file's line (CLI); absent: nobody. */
    public static final String HEADER_REPLAY_OUT = "klineReplayOut";
    /** Where a replayed drop file moves to, relative to the drop folder (<route>/.done/NAME or <route>/.failed/NAME). */
    public static final String HEADER_REPLAY_TARGET = "klineReplayTarget";
    public static final String PROPERTY_SESSION = "klineIngestSession";

    private Endpoints() {
    }
}
