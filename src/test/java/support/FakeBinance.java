package support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import backfill.VisionFile;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import gen.BinanceArchive;
import gen.KlineGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import storage.Hashes;

/** WireMock playing data.binance.vision (and api.binance.com): Binance's exact paths, real ZIP bytes. */
public final class FakeBinance implements AutoCloseable {
    public final WireMockServer server = new WireMockServer(options().dynamicPort()
            .notifier(new com.github.tomakehurst.wiremock.common.ConsoleNotifier(false)));
    private final Path work;
    private final KlineGenerator generator;

    public FakeBinance(Path work, long seed) {
        this.work = work;
        this.generator = new KlineGenerator(seed);
        server.start();
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    /** Publishes a generated month (ZIP + CHECKSUM); returns the ZIP bytes. */
    public byte[] publishMonth(YearMonth month, List<KlineGenerator.Gap> gaps) throws IOException {
        return publishMonth("BTCUSDT", month, gaps);
    }

    /** Publishes a generated month of {@code symbol} (each call draws new prices from the generator). */
    public byte[] publishMonth(String symbol, YearMonth month, List<KlineGenerator.Gap> gaps) throws IOException {
        Path csv = Files.createDirectories(work).resolve(symbol + "-1m-" + month + ".csv");
        generator.writeMonth(month, csv, gaps);
        return publish(VisionFile.month(symbol, month), csv);
    }

    public byte[] publishDay(LocalDate day) throws IOException {
        Path csv = work.resolve("BTCUSDT-1m-" + day + ".csv");
        generator.writeDay(day, csv, List.of());
        return publish(VisionFile.day("BTCUSDT", day), csv);
    }

    /** Publishes a CSV's content as the archive of {@code file} with a matching CHECKSUM. */
    public byte[] publish(VisionFile file, Path csv) throws IOException {
        Path dir = Files.createDirectories(work.resolve("zips-" + System.nanoTime()));
        Path renamed = dir.resolve(file.fileName().replace(".zip", ".csv"));
        Files.copy(csv, renamed);
        Path zip = BinanceArchive.zip(renamed, dir);
        byte[] bytes = Files.readAllBytes(zip);
        serveZip(file, ok().withBody(bytes));
        serveChecksum(file, Hashes.sha256(bytes));
        return bytes;
    }

    public void serveZip(VisionFile file, ResponseDefinitionBuilder response) {
        String path = path(file);
        server.stubFor(get(urlEqualTo(path)).willReturn(response));
        server.stubFor(head(urlEqualTo(path)).willReturn(ok()));
    }

    public void serveChecksum(VisionFile file, String sha) {
        server.stubFor(get(urlEqualTo(path(file) + ".CHECKSUM"))
                .willReturn(ok().withBody(sha + "  " + file.fileName() + "\n")));
    }

    /**
     * The next GET of {@code file}'s ZIP is answered with {@code response} (a fault, a 503), later ones as published;
     * {@code server.resetScenarios()} arms it again.
     */
    public void failNextZip(VisionFile file, ResponseDefinitionBuilder response) {
        String path = path(file);
        server.stubFor(get(urlEqualTo(path)).inScenario("fail " + path)
                .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(response).willSetStateTo("failed once"));
    }

    public static ResponseDefinitionBuilder ok() {
        return aResponse().withStatus(200);
    }

    public static ResponseDefinitionBuilder fault(Fault fault) {
        return aResponse().withFault(fault);
    }

    public String path(VisionFile file) {
        return file.zipUrl("");
    }

    /** GET requests for ZIP archives so far. */
    public int zipGets() {
        return server.findAll(getRequestedFor(urlMatching(".*\\.zip"))).size();
    }

    public int gets(String path) {
        return server.findAll(getRequestedFor(urlEqualTo(path))).size();
    }

    @Override
    public void close() {
        server.stop();
    }
}
