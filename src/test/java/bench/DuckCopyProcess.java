package bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * DuckDB's side of the ingest benchmark's whole-process figure (not a test): a fresh JVM that opens an in-memory DuckDB
 * through JDBC and runs the benchmark's COPY (read_csv) TO parquet for each CSV given, then exits - the peer of
 * {@code bin/run ingest *.zip} as a whole process (JVM start, DuckDB's native library loaded, the work, exit).
 *
 * <p>{@code java -cp ... bench.DuckCopyProcess OUT_DIR CSV...}
 */
public final class DuckCopyProcess {
    private DuckCopyProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Files.createDirectories(Path.of(args[0]));
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
            for (int i = 1; i < args.length; i++) {
                Path csv = Path.of(args[i]);
                String name = csv.getFileName().toString().replace(".csv", ".parquet");
                st.execute("COPY (SELECT * FROM read_csv('" + csv + "', header=false, columns="
                        + IngestBenchmark.DUCK_COLUMNS + ")) TO '" + out.resolve(name)
                        + "' (FORMAT parquet, COMPRESSION snappy)");
            }
        }
    }
}
