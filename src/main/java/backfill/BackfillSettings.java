package backfill;

import java.nio.file.Path;

/**
 * Backfill settings ({@code app.backfill.*}).
 *
 * @param baseUrl         Binance Vision root, default {@code https://data.binance.vision}
 * @param restBaseUrl     Binance REST root for gap fill, default {@code https://api.binance.com}
 * @param restGapFill     fill minutes still missing after the archives from {@code /api/v3/klines}
 * @param restMaxRequests cap on REST pages per run
 * @param downloadDir     where archives are downloaded and verified before ingest (never inside the store)
 */
public record BackfillSettings(String baseUrl, String restBaseUrl, boolean restGapFill, int restMaxRequests,
                               Path downloadDir) {
}
