package cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import runs.RunCatalog;
import runs.RunComparison;
import runs.RunIndex;
import runs.RunRecord;
import runs.RunRemoval;
import runs.RunTexts;
import storage.AtomicFiles;

/**
 * The run registry: the finished run folders under the runs folder ({@code app.api.runs-dir}, the default output_dir
 * of {@code backtest --config} and of the API), listed, compared or removed. Reads the folders only: no Camel
 * context, no store.
 */
@Command(name = "runs", mixinStandardHelpOptions = true,
        subcommands = {RunsCommand.ListRuns.class, RunsCommand.Compare.class, RunsCommand.Remove.class},
        description = {"List, compare and remove finished backtest run folders (a folder named like a run id that",
            "holds metrics.json) under --dir (default: app.api.runs-dir); half-written .tmp- folders never count."})
final class RunsCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "give a sub-command: list, compare or rm");
    }

    /** {@code --dir}, else the setting. */
    static RunIndex index(Path dir) {
        Path root = dir != null ? dir : Path.of(KlinePipeline.overrides().getOrDefault("app.api.runs-dir", "data/backtests"));
        return new RunIndex(root);
    }

    static void checkDir(CommandLine cmd, Path dir) {
        if (dir != null && Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new CommandLine.ParameterException(cmd, "--dir " + dir + " is a file, not a folder");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"Every finished run under the runs folder with its key metrics: id, strategy, window,",
                "interval, return, Sharpe, max drawdown, round trips, fills; newest first unless --sort.",
                "--sort: sharpe sortino calmar return buy_hold annualized_return max_drawdown trades fills win_rate",
                "profit_factor final_equity (best first; max_drawdown smallest first), start end id strategy interval",
                "(ascending), finished (newest first), or any metrics.json key (highest first)."})
    static final class ListRuns implements Callable<Integer> {
        @Option(names = "--dir", paramLabel = "DIR", description = "runs folder (default: app.api.runs-dir)")
        Path dir;

        @Option(names = "--strategy", paramLabel = "S", description = "only runs of this strategy type (e.g. ema-cross)")
        String strategy;

        @Option(names = "--sort", paramLabel = "KEY", description = "sort key (default: finished, newest first)")
        String sort;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "0", description = "at most N runs (default: all)")
        int limit;

        @Option(names = "--json", description = "print JSON instead of the table")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (limit < 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be >= 0, got " + limit);
            }
            checkDir(spec.commandLine(), dir);
            RunIndex index = index(dir);
            List<RunRecord> runs = new RunCatalog(index).list(strategy, sort, limit);
            if (json) {
                System.out.print(JSON.writeValueAsString(RunTexts.listJson(index.root().toString(), runs)) + "\n");
            } else if (runs.isEmpty()) {
                System.out.println("no finished runs under " + index.root()
                        + (strategy == null ? "" : " for strategy " + strategy));
            } else {
                System.out.print(RunTexts.listTable(runs));
            }
            return 0;
        }
    }

    @Command(name = "compare", mixinStandardHelpOptions = true,
            description = {"Runs side by side: metrics, the config keys that differ; --out writes one self-contained",
                "HTML page (equity curves overlaid, all parameters with the differing ones highlighted), --json the",
                "JSON form. Same runs, byte-identical output. An unknown id is refused (exit 2)."})
    static final class Compare implements Callable<Integer> {
        @Parameters(paramLabel = "ID", arity = "1..*", description = "run ids (1 to " + RunComparison.MAX_RUNS + ")")
        List<String> ids = new ArrayList<>();

        @Option(names = "--dir", paramLabel = "DIR", description = "runs folder (default: app.api.runs-dir)")
        Path dir;

        @Option(names = "--out", paramLabel = "FILE.html", description = "write the comparison page here")
        Path out;

        @Option(names = "--json", paramLabel = "FILE", description = "write the JSON form here (- for stdout)")
        String json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            checkDir(spec.commandLine(), dir);
            OutputOptions.checkFile(spec.commandLine(), "--out", out);
            Path jsonFile = json == null || json.equals("-") ? null : Path.of(json);
            OutputOptions.checkFile(spec.commandLine(), "--json", jsonFile);
            RunComparison c = RunComparison.of(index(dir), ids);
            boolean jsonOut = "-".equals(json);
            System.out.print(jsonOut ? c.jsonText() : c.table());
            if (out != null) {
                write(out, c.html());
                if (!jsonOut) {
                    System.out.println("page: " + out);
                }
            }
            if (jsonFile != null) {
                write(jsonFile, c.jsonText());
                System.out.println("json: " + jsonFile);
            }
            return 0;
        }

        /** Written aside and moved in place, so a reader never sees half a page. */
        private static void write(Path target, String text) throws java.io.IOException {
            Path parent = target.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = AtomicFiles.tempSibling(target.toAbsolutePath());
            try {
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                Files.move(tmp, target.toAbsolutePath(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true,
            description = {"Remove finished run folders: only a folder named like a run id holding metrics.json,",
                "found under the runs folder without following links; renamed aside atomically, then deleted.",
                "Every id is checked before any is removed; an id that names no run is refused (exit 2)."})
    static final class Remove implements Callable<Integer> {
        @Parameters(paramLabel = "ID", arity = "1..*", description = "run ids")
        List<String> ids = new ArrayList<>();

        @Option(names = "--dir", paramLabel = "DIR", description = "runs folder (default: app.api.runs-dir)")
        Path dir;

        @Option(names = "--dry-run", description = "only print what would be removed")
        boolean dryRun;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            checkDir(spec.commandLine(), dir);
            RunIndex index = index(dir);
            List<Path> folders = new ArrayList<>();
            for (String id : ids) {
                Path f = RunRemoval.check(index, id);
                if (!folders.contains(f)) {
                    folders.add(f);
                }
            }
            for (Path f : folders) {
                if (dryRun) {
                    System.out.println("would remove " + f);
                } else {
                    RunRemoval.remove(f);
                    System.out.println("removed " + f);
                }
            }
            return 0;
        }
    }
}
