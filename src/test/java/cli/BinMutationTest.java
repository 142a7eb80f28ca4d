package cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/mutation --changed --list}: which classes CI's mutation step (.ci/run) would mutate for a commit, found by
 * the real script with the real git in a throw-away repository: core classes changed by the commit (sub-packages
 * included, inner classes with them), grouped by core package; deleted files, non-core packages, tests and docs left out.
 */
class BinMutationTest {
    @TempDir
    Path repo;

    record Result(int exitCode, String stdout, String stderr) {
    }

    @BeforeEach
    void repository() throws Exception {
        Files.createDirectories(repo.resolve("bin"));
        for (String script : List.of("mutation", "jdk")) {
            Files.copy(Path.of("bin", script), repo.resolve("bin").resolve(script), StandardCopyOption.COPY_ATTRIBUTES);
        }
        git("init", "-q", "-b", "main");
        write("src/main/java/ingest/KlineRowParser.java", "class A {}");
        write("src/main/java/backtest/run/Lineage.java", "class B {}");
        write("src/main/java/storage/Gone.java", "class C {}");
        write("src/main/java/routes/IngestRoutes.java", "class D {}");
        write("README.md", "x");
        commit("first");
    }

    private void write(String path, String text) throws IOException {
        Path p = repo.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private void commit(String message) throws Exception {
        git("add", "-A");
        git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", message);
    }

    private void git(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", repo.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    private Result list(String... base) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("bash", "bin/mutation", "--changed", "--list"));
        command.addAll(List.of(base));
        ProcessBuilder pb = new ProcessBuilder(command).directory(repo.toFile())
                .redirectOutput(repo.resolve("../out").toFile()).redirectError(repo.resolve("../err").toFile());
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), Files.readString(repo.resolve("../out")), Files.readString(repo.resolve("../err")));
    }

    @Test
    void the_classes_the_last_commit_changed_are_listed_per_core_package() throws Exception {
        write("src/main/java/ingest/KlineRowParser.java", "class A { int x; }");
        write("src/main/java/ingest/SafeZip.java", "class E {}");
        write("src/main/java/backtest/run/Lineage.java", "class B { int y; }");
        Files.delete(repo.resolve("src/main/java/storage/Gone.java"));
        write("src/main/java/routes/IngestRoutes.java", "class D { int z; }");
        write("src/test/java/ingest/KlineRowParserTest.java", "class T {}");
        write("README.md", "y");
        commit("second");

        Result r = list();

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout().lines().toList()).containsExactly(
                "ingest ingest.KlineRowParser,ingest.KlineRowParser$*,ingest.SafeZip,ingest.SafeZip$*",
                "backtest backtest.run.Lineage,backtest.run.Lineage$*");
    }

    @Test
    void a_base_further_back_covers_every_commit_since() throws Exception {
        write("src/main/java/ingest/KlineRowParser.java", "class A { int x; }");
        commit("second");
        write("src/main/java/llm/EntryText.java", "class F {}");
        commit("third");

        assertThat(list().stdout().lines().toList()).containsExactly("llm llm.EntryText,llm.EntryText$*");
        assertThat(list("HEAD~2").stdout().lines().toList())
                .containsExactly("ingest ingest.KlineRowParser,ingest.KlineRowParser$*", "llm llm.EntryText,llm.EntryText$*");
    }

    @Test
    void a_commit_without_core_classes_or_without_a_parent_mutates_nothing_and_says_why() throws Exception {
        Result first = list();
        assertThat(first.exitCode()).isZero();
        assertThat(first.stdout()).isEmpty();
        assertThat(first.stderr()).contains("no commit 'HEAD~1'", "nothing mutated");

        write("src/main/java/routes/IngestRoutes.java", "class D { int z; }");
        write("README.md", "y");
        commit("second");
        Result docs = list();
        assertThat(docs.exitCode()).isZero();
        assertThat(docs.stdout()).isEmpty();
        assertThat(docs.stderr()).contains("no core class", "nothing to mutate");
    }
}
