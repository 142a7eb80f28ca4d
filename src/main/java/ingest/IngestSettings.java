package ingest;

import java.nio.file.Path;

/**
 * Ingest settings (all from {@code app.*} properties in the long-lived process and the CLI alike).
 *
 * @param symbol        the only symbol this store accepts (file names must carry it)
 * @param zipLimits     zip bomb limits
 * @param linesPerBatch CSV lines per split exchange
 * @param maxLineBytes  longest CSV line accepted (line end not counted); longer lines are refused while streaming
 * @param rawCsvDir     where to keep a copy of each ingested CSV, or null to keep none
 */
public record IngestSettings(String symbol, ZipLimits zipLimits, int linesPerBatch, int maxLineBytes, Path rawCsvDir) {
}
