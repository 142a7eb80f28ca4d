package storage;

/**
 * Column types of a run artefact table and the Java array each one holds. DOUBLE and STRING columns are nullable
 * (NaN and null are written as null); the others are required.
 */
public enum ColumnType {
    /** {@code long[]}, Parquet INT64. */
    LONG,
    /** {@code double[]}, Parquet DOUBLE, NaN as null. */
    DOUBLE,
    /** {@code String[]}, Parquet UTF-8 string, null as null. */
    STRING,
    /** {@code long[]} epoch ms, Parquet TIMESTAMP(MILLIS, UTC): TIMESTAMP WITH TIME ZONE in DuckDB. */
    TIMESTAMP_MILLIS,
    /** {@code boolean[]}, Parquet BOOLEAN. */
    BOOLEAN
}
