package cli;

import ingest.IngestOutcome;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import routes.PipelineRuntime;

@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Ingest Binance Vision 1m kline files (SYMBOL-1m-YYYY-MM[-DD].zip or .csv) into the monthly Parquet store.",
            "A sibling <zip>.CHECKSUM is verified when present. Files are processed in the order given.",
            "A month whose file is missing or does not match offsets.json is rebuilt from the files given (the",
            "recorded sources still needed are named; `verify --repair` fetches them).",
            "Exit 0 when every file was ingested (or had been before), 3 when any file was refused or the store",
            "is not writable."})
final class IngestCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "archives or CSV files to ingest")
    List<Path> files;

    @Option(names = "--replace", description = "replace stored rows of each file's period (Binance re-uploads of corrected files)")
    boolean replace;

    @Override
    public Integer call() throws Exception {
        int refused = 0;
        Map<String, Set<String>> stillNeeded = new TreeMap<>(); // rebuilt month -> recorded sources not given yet
        Set<String> given = new HashSet<>();
        try (PipelineRuntime runtime = PipelineRuntime.startOneShot(KlinePipeline.overrides())) {
            runtime.checkStoreWritable(); // one line for the whole command, not one refusal per file
            // the next file is opened and parsed while the one before commits; outcomes come in the order given
            int[] refusedCount = {0};
            runtime.ingestAll(files, replace, outcome -> {
                if (outcome.ok()) {
                    System.out.println(outcome.summary());
                    given.add(outcome.file());
                    stillNeeded.values().forEach(names -> names.remove(outcome.file()));
                    if (outcome.rebuild() != null) {
                        Set<String> needed = new TreeSet<>(outcome.sourcesNeeded());
                        needed.removeAll(given);
                        stillNeeded.put(outcome.month(), needed);
                    }
                } else {
                    refusedCount[0]++;
                    System.err.println(outcome.summary());
                }
            });
            refused = refusedCount[0];
        }
        stillNeeded.forEach((month, names) -> {
            if (!names.isEmpty()) {
                System.err.println("month " + month + " was rebuilt without " + String.join(", ", names) + " (recorded "
                        + "sources not given here): ingest them, or run `verify --repair` to fetch them from Binance "
                        + "Vision or kept raw CSV copies");
            }
        });
        return refused == 0 ? 0 : KlinePipeline.EXIT_REFUSED;
    }
}
