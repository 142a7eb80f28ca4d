package cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.ConsoleAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Start-up (issue 14): picocli builds only the sub-command the command line names (all of them when it names none
 * that exists, for help and suggestions; none for the long-lived process), and logback is configured in code with
 * the configuration logback.xml had.
 */
class StartupCommandLineTest extends CliTestBase {
    private static List<String> subcommands(String... args) {
        return List.copyOf(KlinePipeline.commandLine(new ArrayDeque<>(), args).getSubcommands().keySet());
    }

    private static List<String> all() {
        return KlinePipeline.COMMANDS.stream().map(KlinePipeline::name).toList();
    }

    @Test
    void only_the_named_sub_command_is_built() {
        assertThat(all()).doesNotHaveDuplicates().hasSize(10).contains("verify", "ingest", "run", "backtest");
        assertThat(subcommands("verify")).containsExactly("verify");
        assertThat(subcommands("--verbose", "--settings", "s.properties", "--log-level=debug", "backtest", "sweep"))
                .containsExactly("backtest");
        assertThat(subcommands("--log-level", "info", "run")).containsExactly("run");
        assertThat(subcommands()).as("the long-lived process").isEmpty();
        assertThat(subcommands("--settings=s.properties")).isEmpty();
        assertThat(subcommands("--help")).containsExactlyElementsOf(all());
        assertThat(subcommands("verfy")).containsExactlyElementsOf(all());
        CommandLine backtest = KlinePipeline.commandLine(new ArrayDeque<>(), "backtest").getSubcommands().get("backtest");
        assertThat(backtest.getSubcommands()).containsKeys("sweep", "walk-forward", "check-bias");
    }

    @Test
    void the_commands_that_start_the_runtime_warm_up_beside_picocli() throws Exception {
        assertThat(KlinePipeline.warmsUp(new String[] {"--log-level", "info", "verify"}))
                .as("a store with metadata: see below").isEqualTo(KlinePipeline.storeHoldsMetadata(new String[0]));
        assertThat(KlinePipeline.warmsUp(new String[] {"--log-level", "info", "ingest", "x.zip"})).isTrue();
        assertThat(KlinePipeline.warmsUp(new String[] {})).as("the long-lived process").isTrue();
        assertThat(KlinePipeline.warmsUp(new String[] {"run"})).isTrue();
        assertThat(KlinePipeline.warmsUp(new String[] {"--help"})).isFalse();
        assertThat(KlinePipeline.warmsUp(new String[] {"--version"})).isFalse();
        assertThat(KlinePipeline.warmsUp(new String[] {"generate", "--month", "2024-01"})).isFalse();
        assertThat(KlinePipeline.warmsUp(new String[] {"runs", "list"})).isFalse();
        assertThat(KlinePipeline.WARM_UP).allMatch(name -> all().contains(name));
        Thread t = KlinePipeline.warmUp();
        t.join(60_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(t.isDaemon()).as("never holds the JVM's exit").isTrue();
    }

    @Test
    void a_command_that_only_reads_warms_up_only_when_the_store_holds_metadata(@TempDir Path dir) throws Exception {
        Path data = Path.of(System.getProperty("app.data.dir")); // -Dapp.data.dir, as the base class runs commands
        for (String readOnly : List.of("verify", "features", "backtest", "export")) {
            assertThat(KlinePipeline.warmsUp(new String[] {readOnly})).as(readOnly).isFalse();
        }
        assertThat(KlinePipeline.warmsUp(new String[] {"ingest", "x.zip"})).isTrue();
        assertThat(KlinePipeline.warmsUp(new String[] {})).as("the long-lived process").isTrue();
        Path meta = data.resolve("spot").resolve("BTCUSDT").resolve("metadata");
        Files.createDirectories(meta);
        Files.writeString(meta.resolve(".lock"), "");
        Files.writeString(data.resolve("spot").resolve("README"), "a file where symbols are");
        Files.createDirectories(data.resolve("spot").resolve("ETHUSDT"));
        assertThat(KlinePipeline.warmsUp(new String[] {"verify"}))
                .as("a lock, a file and a symbol without metadata are not metadata").isFalse();
        Files.writeString(meta.resolve("offsets.json.pending"), "{}");
        assertThat(KlinePipeline.warmsUp(new String[] {"verify"})).as("pending metadata").isTrue();
        Files.delete(meta.resolve("offsets.json.pending"));
        Files.writeString(meta.resolve("offsets.json"), "{}");
        assertThat(KlinePipeline.warmsUp(new String[] {"verify"})).isTrue();

        // without -D, the data folder a --settings file names (the command's own --settings wins)
        String property = System.clearProperty("app.data.dir");
        try {
            Path settings = dir.resolve("s.properties");
            Files.writeString(settings, "app.data.dir = " + dir.resolve("other").toString().replace("\\", "/") + "\n");
            assertThat(KlinePipeline.warmsUp(new String[] {"--settings", settings.toString(), "verify"})).isFalse();
            assertThat(KlinePipeline.warmsUp(new String[] {"--settings", "no-such.properties", "verify"}))
                    .as("a settings file it cannot read: warms up").isTrue();
            assertThat(KlinePipeline.warmsUp(new String[] {"--settings", "no-such.properties", "verify",
                "--settings=" + settings})).isFalse();
        } finally {
            System.setProperty("app.data.dir", property);
        }
    }

    @Test
    void help_and_errors_read_as_with_every_sub_command() {
        assertThat(run("--help")).isZero();
        for (String name : all()) {
            assertThat(out.toString()).containsPattern("(?m)^  " + name + " ");
        }
        assertThat(refused(2, "verfy")).isEqualTo("kline-pipeline: Unmatched argument at index 0: 'verfy'; did you mean "
                + "verify or generate? (see kline-pipeline --help)");
        assertThat(run("verify", "--help")).isZero();
        assertThat(out.toString()).contains("Usage: kline-pipeline verify");
        assertThat(refused(2, "verify", "--bogus")).startsWith("kline-pipeline verify: Unknown option: '--bogus'");
    }

    @Test
    void logging_is_configured_in_code_as_logback_xml_was() {
        assertThat(KlinePipeline.class.getResource("/logback.xml")).isNull();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertThat(root.getAppender("STDERR")).isInstanceOfSatisfying(ConsoleAppender.class, a -> {
            assertThat(a.getTarget()).isEqualTo("System.err");
            assertThat(((PatternLayoutEncoder) a.getEncoder()).getPattern())
                    .isEqualTo("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX, UTC} %-5level %logger{24} - %msg%n");
        });

        LoggerContext fresh = new LoggerContext();
        LogDefaults defaults = new LogDefaults();
        defaults.setContext(fresh);
        assertThat(defaults.configure(fresh)).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        assertThat(fresh.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.INFO);
        assertThat(fresh.getLogger("org.apache.camel").getLevel()).isEqualTo(Level.INFO);
        assertThat(fresh.getLogger("org.apache.parquet").getLevel()).isEqualTo(Level.WARN);
        assertThat(fresh.getLogger("org.apache.hadoop").getLevel()).isEqualTo(Level.ERROR);

        System.setProperty("kline.log.camel", "DEBUG");
        try {
            LoggerContext camelDebug = new LoggerContext();
            LogDefaults d = new LogDefaults();
            d.setContext(camelDebug);
            d.configure(camelDebug);
            assertThat(camelDebug.getLogger("org.apache.camel").getLevel()).isEqualTo(Level.DEBUG);
        } finally {
            System.clearProperty("kline.log.camel");
        }
        System.setProperty("logback.configurationFile", "elsewhere.xml");
        try {
            LoggerContext file = new LoggerContext();
            LogDefaults d = new LogDefaults();
            d.setContext(file);
            assertThat(d.configure(file)).as("a configuration file replaces it")
                    .isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
            assertThat(file.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext()).isFalse();
        } finally {
            System.clearProperty("logback.configurationFile");
        }
    }
}
