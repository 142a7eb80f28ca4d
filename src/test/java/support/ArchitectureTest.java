package support;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Style rule 1: only the routes package may touch Camel (and the metrics library); everything else is plain Java. */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("routes", "cli", "ingest", "storage", "gen", "verify", "backfill", "features", "backtest", "report", "llm", "settings", "api", "export", "runs", "replay");

    @Test
    void only_routes_depend_on_camel() {
        noClasses().that().resideOutsideOfPackage("routes..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.camel..")
                .check(MAIN);
    }

    /** Metrics are recorded in routes (PipelineMeters); the work reports through ports such as llm.LlmObserver. */
    @Test
    void only_routes_depend_on_micrometer() {
        noClasses().that().resideOutsideOfPackage("routes..")
                .should().dependOnClassesThat().resideInAnyPackage("io.micrometer..", "io.prometheus..")
                .check(MAIN);
    }

    @Test
    void core_packages_do_not_depend_on_routes_or_cli() {
        noClasses().that().resideInAnyPackage("ingest..", "storage..", "gen..", "verify..", "backfill..", "features..", "backtest..", "report..", "llm..",
                        "settings..", "api..", "export..", "runs..", "replay..")
                .should().dependOnClassesThat().resideInAnyPackage("routes..", "cli..")
                .check(MAIN);
    }

    /** The run registry reads run folders only: the API and the CLI both use it, it uses neither (nor the engine). */
    @Test
    void the_run_registry_depends_on_no_api_or_engine() {
        noClasses().that().resideInAPackage("runs..")
                .should().dependOnClassesThat().resideInAnyPackage("api..", "backtest..", "cli..", "routes..")
                .check(MAIN);
    }

    /**
     * The backtest packages, bottom up: the core (engine, account, strategy API in {@code backtest}, the plug-in SPI and
     * registry in {@code backtest.plugin}, the config and its parser in {@code backtest.config}: one unit, since the
     * engine runs a config, a config names registered strategies and a plug-in returns the engine's Strategy); the run
     * folder ({@code run}); the built-in strategies ({@code strategy}); sweeps; walk-forward; the bias check; the service that runs
     * them all. Each layer uses only those below it; nothing outside the backtest packages reaches past the service
     * except through the public types of the layers (the CLI and routes call the service).
     */
    @Test
    void backtest_layers_point_one_way() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Core").definedBy("backtest", "backtest.plugin", "backtest.config")
                .layer("Run").definedBy("backtest.run")
                .layer("Strategies").definedBy("backtest.strategy")
                .layer("Sweep").definedBy("backtest.sweep")
                .layer("WalkForward").definedBy("backtest.walkforward")
                .layer("Bias").definedBy("backtest.bias")
                .layer("Service").definedBy("backtest.service")
                .whereLayer("Service").mayNotBeAccessedByAnyLayer()
                .whereLayer("WalkForward").mayOnlyBeAccessedByLayers("Service")
                .whereLayer("Bias").mayOnlyBeAccessedByLayers("Service")
                .whereLayer("Sweep").mayOnlyBeAccessedByLayers("WalkForward", "Service")
                .whereLayer("Strategies").mayOnlyBeAccessedByLayers("Sweep", "WalkForward", "Service")
                .whereLayer("Run").mayOnlyBeAccessedByLayers("Strategies", "Sweep", "WalkForward", "Service")
                .check(MAIN);
    }

    /** The engine core knows nothing of the built-ins: they register through the ServiceLoader like any plug-in. */
    @Test
    void the_core_names_no_built_in_strategy() {
        noClasses().that().resideInAnyPackage("backtest", "backtest.plugin", "backtest.config")
                .should().dependOnClassesThat().resideInAnyPackage("backtest.run..", "backtest.strategy..",
                        "backtest.sweep..", "backtest.walkforward..", "backtest.bias..", "backtest.service..")
                .check(MAIN);
    }
}
