package routes;

/** Endpoint URIs, route ids and header keys shared by the routes, the CLI and the tests. */
public final class Endpoints {
    public static final String INGEST_FILE = "direct:ingest-file";
    public static final String INGEST_PARSE = "direct:ingest-parse";
    public static final String VERIFY = "direct:verify";

    public static final String ROUTE_INGEST_INBOX = "ingest-inbox";
    public static final String ROUTE_INGEST_FILE = "ingest-file";
    public static final String ROUTE_INGEST_PARSE = "ingest-parse";
    public static final String ROUTE_VERIFY = "verify-store";

    /** Absolute path of the file being ingested. */
    public static final String HEADER_FILE = "klineFile";
    /** Boolean: replace stored rows of the file's period (Binance re-uploads). */
    public static final String HEADER_REPLACE = "klineReplace";
    /** Inbox sub-folder the consumed file moves to (.done or .failed). */
    public static final String HEADER_OUTCOME_DIR = "klineOutcomeDir";
    public static final String PROPERTY_SESSION = "klineIngestSession";

    private Endpoints() {
    }
}
