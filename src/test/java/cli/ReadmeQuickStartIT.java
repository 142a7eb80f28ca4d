package cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.ChildJvm;

/**
 * README's quick start, command by command as it is written there, each in a child JVM working in a fresh folder (with
 * the shipped {@code configs/backtest.yaml}): every output line the README shows is printed, in that order (lines
 * with {@code …} are the README's cuts; run times in ms may differ). So the transcript, the demo data's figures and the
 * backtest's run folder name cannot drift from what the program does.
 */
class ReadmeQuickStartIT {
    private static final String PROMPT = "$ bin/run ";

    @TempDir
    Path work;

    @Test
    void the_quick_start_prints_what_the_readme_shows() throws Exception {
        Map<String, List<String>> transcript = transcript(Files.readString(Path.of("README.md")));
        assertThat(transcript.keySet()).as("the README's quick start commands").hasSize(5);
        Files.createDirectories(work.resolve("configs"));
        Files.copy(Path.of("configs/backtest.yaml"), work.resolve("configs/backtest.yaml"));

        for (Map.Entry<String, List<String>> step : transcript.entrySet()) {
            List<String> args = new ArrayList<>();
            for (String arg : step.getKey().split(" +")) {
                args.addAll(glob(arg));
            }
            ChildJvm.Run run = ChildJvm.start(work, Map.of(), args).awaitExit();
            assertThat(run.exitCode()).as("%s: %s", step.getKey(), run.describe()).isZero();
            List<String> printed = run.output().lines().map(ReadmeQuickStartIT::normal).toList();
            int at = 0;
            for (String expected : step.getValue()) {
                if (expected.contains("…")) {
                    continue;
                }
                int found = indexFrom(printed, normal(expected), at);
                assertThat(found).as("'%s' printed by %s (after line %d); %s", expected, step.getKey(), at,
                        run.describe()).isNotNegative();
                at = found + 1;
            }
        }
    }

    /** Command (after {@code bin/run}) -> the output lines the README shows for it, in README order. */
    static Map<String, List<String>> transcript(String readme) {
        Map<String, List<String>> steps = new LinkedHashMap<>();
        String[] lines = readme.split("\n");
        int start = 0;
        while (start < lines.length && !lines[start].startsWith(PROMPT)) {
            start++; // the transcript opens with its first prompt and ends at its code block's fence
        }
        List<String> current = null;
        for (int i = start; i < lines.length && !lines[i].equals("```"); i++) {
            if (lines[i].startsWith(PROMPT)) {
                current = new ArrayList<>();
                steps.put(lines[i].substring(PROMPT.length()), current);
            } else if (current != null && !lines[i].isBlank()) {
                current.add(lines[i]);
            }
        }
        return steps;
    }

    /** {@code inbox/*.zip} as the shell would expand it (sorted, relative); any other argument as it is. */
    private List<String> glob(String arg) throws Exception {
        if (!arg.contains("*")) {
            return List.of(arg);
        }
        Path dir = work.resolve(arg.substring(0, arg.lastIndexOf('/')));
        String suffix = arg.substring(arg.lastIndexOf('*') + 1);
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).map(f -> work.relativize(f).toString())
                    .sorted().toList();
        }
    }

    private static int indexFrom(List<String> lines, String line, int from) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).equals(line)) {
                return i;
            }
        }
        return -1;
    }

    /** Trailing blanks off, run times as {@code N ms}. */
    private static String normal(String line) {
        return line.stripTrailing().replaceAll("\\b\\d+ ms\\b", "N ms");
    }
}
