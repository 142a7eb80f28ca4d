package ingest;

/** Why an input file was refused. Stable names: they appear in reason files and CLI output. */
public enum RejectCode {
    BAD_FILE_NAME,
    ORPHAN_CHECKSUM,
    WRONG_SYMBOL,
    WRONG_INTERVAL,
    CHECKSUM_UNREADABLE,
    CHECKSUM_MISMATCH,
    ZIP_CORRUPT,
    ZIP_ENTRY_COUNT,
    ZIP_ENTRY_NAME,
    ZIP_TOO_LARGE,
    CSV_TOO_LARGE,
    LINE_TOO_LONG,
    EMPTY,
    BAD_ENCODING,
    NOT_CSV,
    COLUMN_COUNT,
    BAD_NUMBER,
    BAD_VALUE,
    BAD_TIME_UNIT,
    /** a time of our export format that is not ISO-8601 UTC (2024-01-01T00:00:00Z) */
    BAD_TIME,
    /** our export format without its header row, or with another one */
    BAD_HEADER,
    MIXED_TIME_UNITS,
    NOT_ON_MINUTE,
    OUT_OF_PERIOD,
    DUPLICATE_CONFLICT,
    CONFLICT,
    /** the store cannot be written (permissions, read-only file system): nothing wrong with the file */
    STORE_NOT_WRITABLE,
    IO_ERROR,
    INTERNAL_ERROR
}
