package support;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Style rule 1: only the routes package may touch Camel (and the metrics library); everything else is plain Java. */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("routes", "cli", "ingest", "storage", "gen", "verify", "backfill", "features", "backtest", "report", "llm", "settings", "api", "export", "runs");

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
}
