package routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import features.GapPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import settings.SettingSources;
import settings.SettingsException;
import storage.CrashPoints;

/** Binding and checking the app.* settings: sources, precedence, unknown keys and every kind of bad value. */
class PipelineSettingsTest {
    @TempDir
    Path root;

    /** Defaults with {@code -D} system properties {@code sys} and environment {@code env}. */
    private static SettingSources sources(Map<String, String> env, Map<String, String> sys) {
        Properties p = new Properties();
        p.putAll(sys);
        return SettingSources.defaults().withEnvironment(env).withSystemProperties(p);
    }

    private static PipelineSettings bind(Map<String, String> sys) {
        return PipelineSettings.bind(sources(Map.of(), sys));
    }

    private static String refusal(Map<String, String> sys) {
        return assertThatThrownBy(() -> bind(sys)).isInstanceOf(SettingsException.class)
                .actual().getMessage();
    }

    @Test
    void every_known_key_has_a_default_in_application_properties_and_every_default_is_known() throws IOException {
        Properties p = new Properties();
        try (var in = getClass().getResourceAsStream("/application.properties")) {
            p.load(in);
        }
        assertThat(new TreeSet<>(p.stringPropertyNames().stream().filter(k -> k.startsWith("app.")).toList()))
                .isEqualTo(new TreeSet<>(PipelineSettings.KEYS));
        assertThat(bind(Map.of()).values().keySet()).containsExactlyInAnyOrderElementsOf(PipelineSettings.KEYS);
    }

    @Test
    void symbols_are_a_list_or_any_and_the_deprecated_single_symbol_still_names_a_one_symbol_store() {
        PipelineSettings.Store listed = bind(Map.of("app.symbols", " ETHUSDT, BTCUSDT ")).store();
        assertThat(listed.symbols().listed()).containsExactly("ETHUSDT", "BTCUSDT");
        assertThat(listed.symbol()).as("the first listed is the default one").isEqualTo("ETHUSDT");
        assertThat(listed.symbols().accepts("SOLUSDT")).isFalse();

        PipelineSettings.Store any = bind(Map.of("app.symbols", "*")).store();
        assertThat(any.symbols().any()).isTrue();
        assertThat(any.symbol()).isEqualTo("BTCUSDT");
        assertThat(any.symbols().accepts("SOLUSDT")).isTrue();
        assertThat(any.symbols().accepts("sol")).isFalse();

        assertThat(bind(Map.of("app.symbol", "ETHUSDT")).store())
                .isEqualTo(new PipelineSettings.Store(Path.of("data"), "ETHUSDT"));
        assertThat(bind(Map.of("app.symbol", "ETHUSDT", "app.symbols", "ETHUSDT")).store().symbol()).isEqualTo("ETHUSDT");
    }

    @Test
    void defaults_bind_to_typed_records() {
        PipelineSettings s = bind(Map.of());
        assertThat(s.store()).isEqualTo(new PipelineSettings.Store(Path.of("data"), "BTCUSDT"));
        assertThat(s.inbox()).isEqualTo(new PipelineSettings.Inbox(true, Path.of("inbox"), 1000, 1000, 5000, 600_000, 2));
        assertThat(s.backfill().enabled()).isTrue();
        assertThat(s.backfill().baseUrl()).isEqualTo("https://data.binance.vision");
        assertThat(s.http()).isEqualTo(new PipelineSettings.Http(10_000, 60_000, 600_000, 4, 1000, 30_000));
        assertThat(s.features().gapPolicy()).isEqualTo(GapPolicy.FFILL);
        assertThat(s.features().standing()).hasSize(1);
        assertThat(s.debug()).isEqualTo(new PipelineSettings.Debug(null, null));
        assertThat(s.llm().cacheDir()).isEqualTo(Path.of("data", "llm-cache").toString());
        assertThat(s.values().get("app.symbols")).isEqualTo(new SettingSources.Value("BTCUSDT", "application.properties"));
        assertThat(s.store().symbols()).isEqualTo(storage.Symbols.of("BTCUSDT"));
        assertThat(s.oneShot().inbox().enabled()).isFalse();
        assertThat(s.oneShot().backfill().enabled()).isFalse();
        // the metrics registry and /observe/metrics exist with the service only: never in one-shot commands
        assertThat(s.api().camelServerProperties()).containsEntry("camel.metrics.enabled", "true")
                .containsEntry("camel.management.metrics-enabled", "true");
        assertThat(s.oneShot().api().camelServerProperties()).containsEntry("camel.metrics.enabled", "false")
                .containsEntry("camel.management.metrics-enabled", "false").containsEntry("camel.server.enabled", "false");
        // health checks and platform-http's settings only with the service (a one-shot start would build them)
        assertThat(s.api().camelServerProperties()).containsEntry("camel.health.enabled", "true")
                .containsEntry("camel.management.health-check-enabled", "true")
                .containsEntry("camel.component.platform-http.server-request-validation", "false");
        assertThat(s.oneShot().api().camelServerProperties()).doesNotContainKeys("camel.health.enabled",
                "camel.management.health-check-enabled", "camel.component.platform-http.server-request-validation");
        // README: the long-lived process serves the API on 127.0.0.1:8080
        assertThat(s.api().enabled()).isTrue();
        assertThat(s.api().host()).isEqualTo("127.0.0.1");
        assertThat(s.api().port()).isEqualTo(8080);
    }

    @Test
    void app_backfill_enabled_false_in_the_environment_turns_the_timer_off_as_the_readme_says() {
        PipelineSettings s = PipelineSettings.bind(SettingSources.defaults()
                .withEnvironment(Map.of("APP_BACKFILL_ENABLED", "false")));
        assertThat(s.backfill().enabled()).isFalse();
        assertThat(s.values().get("app.backfill.enabled").origin()).isEqualTo("environment variable APP_BACKFILL_ENABLED");
    }

    @Test
    void precedence_defaults_then_file_then_environment_then_system_properties_then_code() throws IOException {
        Path file = Files.writeString(root.resolve("my.properties"),
                "app.inbox.poll-ms = 11\napp.inbox.settle-ms = 12\napp.inbox.lock-timeout-ms = 130\napp.ingest.batch-lines = 14\n");
        Properties sys = new Properties();
        sys.putAll(Map.of("app.inbox.settle-ms", "22", "app.inbox.lock-timeout-ms", "230", "other.key", "x"));
        SettingSources sources = SettingSources.defaults().withFile(file)
                .withEnvironment(Map.of("APP_INBOX_SETTLE_MS", "32", "APP_INGEST_BATCH_LINES", "34", "APP_NOT_A_KEY", "1"))
                .withSystemProperties(sys)
                .with("given in code", Map.of("app.inbox.lock-timeout-ms", "430"));

        PipelineSettings s = PipelineSettings.bind(sources);

        assertThat(s.inbox().pollMs()).isEqualTo(11);          // file over defaults
        assertThat(s.ingest().batchLines()).isEqualTo(34);     // environment over file
        assertThat(s.inbox().settleMs()).isEqualTo(22);        // -D over environment
        assertThat(s.inbox().lockTimeoutMs()).isEqualTo(430);  // code over -D
        assertThat(s.values().get("app.inbox.poll-ms").origin()).isEqualTo("settings file " + file);
        assertThat(s.values().get("app.ingest.batch-lines").origin()).isEqualTo("environment variable APP_INGEST_BATCH_LINES");
        assertThat(s.values().get("app.inbox.settle-ms").origin()).isEqualTo("-D system property");
        assertThat(s.values().get("app.inbox.lock-timeout-ms").origin()).isEqualTo("given in code");
    }

    @Test
    void unknown_keys_are_refused_with_the_closest_known_key() throws IOException {
        assertThat(refusal(Map.of("app.inbox.pol-ms", "500")))
                .isEqualTo("unknown setting app.inbox.pol-ms (-D system property): did you mean app.inbox.poll-ms?");
        assertThat(refusal(Map.of("app.backfil.enabled", "false"))).endsWith("did you mean app.backfill.enabled?");
        assertThat(refusal(Map.of("app.nothing.like.this", "1"))).isEqualTo("unknown setting app.nothing.like.this "
                + "(-D system property): no such key; the settings are listed in application.properties and README "
                + "(Configuration)");

        Path file = Files.writeString(root.resolve("s.properties"), "app.data.dri = x\n");
        assertThatThrownBy(() -> PipelineSettings.bind(SettingSources.defaults().withFile(file)))
                .hasMessage("unknown setting app.data.dri (settings file " + file + "): did you mean app.data.dir?");
        assertThatThrownBy(() -> PipelineSettings.bind(SettingSources.defaults().with("given in code", Map.of("app.x", "1"))))
                .hasMessageStartingWith("unknown setting app.x (given in code)");
        assertThatThrownBy(() -> PipelineSettings.bind(SettingSources.defaults().withFile(root.resolve("missing"))))
                .isInstanceOf(SettingsException.class).hasMessage("settings file " + root.resolve("missing") + ": no such file");
    }

    @Test
    void environment_variables_only_match_known_keys() {
        PipelineSettings s = PipelineSettings.bind(sources(Map.of("APP_DATA_DIR", "elsewhere", "APP_DATA_DRI", "x",
                "APP_NOPE", "1"), Map.of()));
        assertThat(s.store().dataDir()).isEqualTo(Path.of("elsewhere"));
        assertThatThrownBy(() -> PipelineSettings.bind(sources(Map.of("APP_INBOX_POLL_MS", "soon"), Map.of())))
                .hasMessage("bad setting app.inbox.poll-ms='soon' (environment variable APP_INBOX_POLL_MS): must be a "
                        + "whole number from 1 to 2147483647 (ms); default 1000");
    }

    @Test
    void values_out_of_range_name_the_key_the_value_and_what_is_allowed() throws IOException {
        assertThat(refusal(Map.of("app.inbox.poll-ms", "-5"))).isEqualTo("bad setting app.inbox.poll-ms='-5' "
                + "(-D system property): must be a whole number from 1 to 2147483647 (ms); default 1000");
        assertThat(refusal(Map.of("app.backfill.http.connect-timeout-ms", "-1")))
                .startsWith("bad setting app.backfill.http.connect-timeout-ms='-1' (-D system property): must be a whole "
                        + "number from 1 to 2147483647 (ms)");
        assertThat(refusal(Map.of("app.ingest.batch-lines", "0")))
                .contains("app.ingest.batch-lines='0'", "from 1 to 1000000", "default 3000");
        assertThat(refusal(Map.of("app.ingest.max-entry-bytes", "lots"))).contains("'lots'", "whole number");
        assertThat(refusal(Map.of("app.ingest.max-line-bytes", "1.5"))).contains("'1.5'", "whole number");
        assertThat(refusal(Map.of("app.inbox.enabled", "yes"))).isEqualTo(
                "bad setting app.inbox.enabled='yes' (-D system property): must be true or false; default true");
        assertThat(refusal(Map.of("app.ingest.keep-raw-csv", ""))).contains("must be true or false");
        assertThat(refusal(Map.of("app.backfill.base-url", "data.binance.vision")))
                .contains("must be an http:// or https:// URL with a host");
        assertThat(refusal(Map.of("app.features.gap-policy", "zero"))).contains("must be one of ffill, drop, none");
        assertThat(refusal(Map.of("app.features.refresh", "1m:ema;7m:rsi"))).contains("app.features.refresh='1m:ema;7m:rsi'",
                "INTERVAL:INDICATORS", "7m");
        assertThat(refusal(Map.of("app.clock.fixed", "yesterday"))).contains("ISO-8601 instant");
        assertThat(refusal(Map.of("app.debug.crash-at", "after-offset"))).contains("after-offsets", "fail:<step>");
        assertThat(refusal(Map.of("app.debug.crash-at", "pause:after-pending"))).contains("pause:<step>:<marker file>");
        assertThat(refusal(Map.of("app.debug.crash-at", "pause:after-pendin:/tmp/m"))).contains("pause:<step>:<marker file>");
        assertThat(refusal(Map.of("app.symbol", "btc-usdt"))).contains("e.g. BTCUSDT", "set app.symbols");
        assertThat(refusal(Map.of("app.symbols", "BTCUSDT,eth"))).contains("app.symbols='BTCUSDT,eth'", "'eth'");
        assertThat(refusal(Map.of("app.symbols", "BTCUSDT,,ETHUSDT"))).contains("empty entry");
        assertThat(refusal(Map.of("app.symbols", "BTCUSDT,BTCUSDT"))).contains("listed twice");
        assertThat(refusal(Map.of("app.symbols", "ABCDEFGHIJKLMNOPQRSTU"))).contains("2 to 20 characters");
        assertThat(refusal(Map.of("app.symbols", "BTCUSDT", "app.symbol", "ETHUSDT")))
                .contains("app.symbol='ETHUSDT'", "set app.symbols only");
        assertThat(refusal(Map.of("app.llm.temperature", "NaN"))).contains("must be a number from 0 to 2");
        assertThat(refusal(Map.of("app.llm.max-response-bytes", "0"))).contains("from 1 to 1073741824 (bytes)");
        assertThat(refusal(Map.of("app.llm.prompt-version", "decision-v9"))).contains("prompts/<version>.txt");
        assertThat(refusal(Map.of("app.llm.api-key-env", "sk-abc.def"))).contains("NAME of an environment variable");
        assertThat(refusal(Map.of("app.record.routes", "backtest,verify-store"))).contains("app.record.routes")
                .contains("llm-decide");
        assertThat(refusal(Map.of("app.data.dir", " "))).contains("must not be empty");
        Path file = Files.writeString(root.resolve("a-file"), "x");
        assertThat(refusal(Map.of("app.data.dir", file.toString())))
                .isEqualTo("bad setting app.data.dir='" + file + "' (-D system property): is a file, not a folder; name a "
                        + "folder (it is created when missing); default data");
        assertThat(refusal(Map.of("app.data.dir", "bad\u0000path"))).contains("is not a valid path");
    }

    @Test
    void related_values_are_checked_together() {
        assertThat(refusal(Map.of("app.inbox.settle-ms", "1000", "app.inbox.lock-timeout-ms", "1500")))
                .isEqualTo("bad setting app.inbox.lock-timeout-ms='1500' (-D system property): must be more than "
                        + "2 x app.inbox.settle-ms (1000); default 5000");
        assertThat(refusal(Map.of("app.backfill.http.backoff-ms", "5000", "app.backfill.http.max-backoff-ms", "100")))
                .contains("app.backfill.http.max-backoff-ms='100'", "must be at least app.backfill.http.backoff-ms (5000)");
        assertThat(refusal(Map.of("app.llm.backoff-ms", "20000"))).contains("app.llm.max-backoff-ms='10000'",
                "(application.properties)", "at least app.llm.backoff-ms (20000)");
    }

    @Test
    void the_crash_points_are_the_ones_the_code_reaches() throws IOException {
        Pattern reach = Pattern.compile("\\.reach\\(\"([a-z-]+)\"\\)");
        TreeSet<String> reached = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = reach.matcher(Files.readString(f));
                while (m.find()) {
                    reached.add(m.group(1));
                }
            }
        }
        assertThat(reached).isEqualTo(new TreeSet<>(CrashPoints.POINTS));
    }
}
