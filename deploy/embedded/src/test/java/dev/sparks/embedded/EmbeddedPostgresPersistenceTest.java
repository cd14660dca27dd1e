package dev.sparks.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PostgreSQL {@code ./sparks up} keeps its data in: it survives a killed launcher and a stale pid file. */
class EmbeddedPostgresPersistenceTest {

    @TempDir
    Path state;

    @Test
    void aServerLeftRunningByAKilledLauncherIsStoppedAndTheNextStartServesTheSameData() throws Exception {
        Path data = state.resolve("postgres");
        int port = EmbeddedKafkaPersistenceTest.freePort();
        Process launcher = startHolder(data, port);
        try {
            execute(port, "create table balances (customer text primary key, sparks bigint)",
                    "insert into balances values ('acme', 42)");
            long orphan = postmasterPid(data);

            launcher.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            assertThat(ProcessHandle.of(orphan).filter(ProcessHandle::isAlive)).as("pg_ctl's server outlives a kill -9").isPresent();

            try (EmbeddedPostgresServer next = EmbeddedPostgresServer.startPersistent(data, port)) {
                assertThat(ProcessHandle.of(orphan).filter(ProcessHandle::isAlive)).as("the orphan was stopped").isEmpty();
                assertThat(postmasterPid(data)).isNotEqualTo(orphan);
                assertThat(sparksOf(port, "acme")).isEqualTo(42);
            }
        } finally {
            launcher.destroyForcibly();
        }
    }

    @Test
    void aPidFileWhoseServerIsGoneIsTakenOverByPostgreSQL() throws Exception {
        Path data = state.resolve("postgres");
        int port = EmbeddedKafkaPersistenceTest.freePort();
        List<String> pidFile;
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.startPersistent(data, port)) {
            execute(port, "create table balances (customer text primary key, sparks bigint)",
                    "insert into balances values ('acme', 7)");
            pidFile = Files.readAllLines(data.resolve("postmaster.pid"));
        }
        // What a server that died without cleaning up leaves: its own pid file, naming a dead process.
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        pidFile.set(0, String.valueOf(gone.pid()));
        Files.write(data.resolve("postmaster.pid"), pidFile);

        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.startPersistent(data, port)) {
            assertThat(sparksOf(port, "acme")).isEqualTo(7);
        }
    }

    @Test
    void aDataFolderThatCannotWorkFailsAtOnceNamingIt() throws Exception {
        Path data = Files.writeString(state.resolve("postgres"), "not a folder");
        long started = System.nanoTime();

        assertThatThrownBy(() -> EmbeddedPostgresServer.startPersistent(data, EmbeddedKafkaPersistenceTest.freePort()))
                .hasMessageContaining(data.toString());
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    private static Process startHolder(Path data, int port) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                PostgresHolder.class.getName(), data.toString(), String.valueOf(port))
                .redirectErrorStream(true).start();
        BufferedReader output = new BufferedReader(new InputStreamReader(holder.getInputStream()));
        String ready = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = output.readLine(); line != null; line = output.readLine()) {
                    if (line.equals("ready")) {
                        return line;
                    }
                }
                return "exited";
            } catch (java.io.IOException e) {
                return e.getMessage();
            }
        }).get(90, TimeUnit.SECONDS);
        assertThat(ready).as("the stand-in launcher started PostgreSQL").isEqualTo("ready");
        return holder;
    }

    private static long postmasterPid(Path data) throws Exception {
        return Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).getFirst().trim());
    }

    private static Connection connect(int port) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", EmbeddedPostgresServer.USER, "");
    }

    private static void execute(int port, String... statements) throws SQLException {
        try (Connection connection = connect(port); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static long sparksOf(int port, String customer) throws SQLException {
        try (Connection connection = connect(port); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("select sparks from balances where customer = '" + customer + "'")) {
            assertThat(row.next()).isTrue();
            return row.getLong(1);
        }
    }
}
