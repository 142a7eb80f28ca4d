package verify;

/** What {@link StoreVerifier} can find wrong with a stored month or with offsets.json. */
public enum ProblemKind {
    GAP("missing minutes (exchange outages included)"),
    MONTH_MISSING("a month with no Parquet file inside the checked range"),
    DUPLICATE("the same minute stored more than once"),
    UNSORTED("rows not in open_time order"),
    OPEN_TIME("open_time not on a whole minute or outside the file's month"),
    NON_FINITE("NaN or infinite values"),
    OHLC("inconsistent prices or volumes (low > open/close, high < open/close, high < low, price <= 0, volume < 0)"),
    CLOSE_TIME("close_time not inside its minute"),
    OFFSETS_ROWS("offsets.json row count differs from the file"),
    OFFSETS_HASH("offsets.json SHA-256 differs from the file"),
    OFFSETS_RANGE("offsets.json first/last minute or missing count differs from the file"),
    FILE_NOT_IN_OFFSETS("a month file offsets.json does not list"),
    OFFSETS_WITHOUT_FILE("a month offsets.json lists but whose file is gone"),
    UNREADABLE("a file that cannot be read (corrupt Parquet or JSON)");

    private final String meaning;

    ProblemKind(String meaning) {
        this.meaning = meaning;
    }

    public String meaning() {
        return meaning;
    }
}
