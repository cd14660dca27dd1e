package dev.sparks.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server still running on a data folder although nobody owns it any more: pg_ctl
 * starts the server outside the launcher's process group, so a {@code kill -9} of the launcher
 * leaves it behind. Reusing it silently would hide that; it is stopped and started afresh instead.
 */
final class LeftoverPostgres {

    private static final Logger LOG = LoggerFactory.getLogger(LeftoverPostgres.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private LeftoverPostgres() {}

    /**
     * Stops the server named by {@code postmaster.pid} if it is alive. A file whose process is dead
     * is left alone: PostgreSQL sees that process is gone and takes the file over itself.
     */
    static void stopIfRunning(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        Optional<Long> pid = readPid(pidFile);
        Optional<ProcessHandle> process = pid.flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return;
        }
        Optional<String> command = process.get().info().command();
        if (command.isEmpty()) {
            throw new IllegalStateException(pidFile + " names pid " + pid.get() + ", which is alive but not visible to this"
                    + " user: stop that PostgreSQL, or remove the file if the process is something else");
        }
        if (!isPostgres(command.get())) {
            // The number was reused by an unrelated process (after a reboot, say): PostgreSQL would
            // take that one for a live server and refuse to start, so the stale file goes.
            LOG.warn("Removing stale {}: pid {} is not PostgreSQL", pidFile, pid.get());
            delete(pidFile);
            return;
        }
        LOG.warn("Stopping PostgreSQL (pid {}) left running on {}", pid.get(), dataDirectory);
        fastShutdown(process.get(), dataDirectory);
    }

    /** SIGINT is PostgreSQL's fast shutdown, what {@code pg_ctl stop -m fast} sends. */
    private static void fastShutdown(ProcessHandle postmaster, Path dataDirectory) {
        try {
            Process kill = new ProcessBuilder(List.of("kill", "-INT", String.valueOf(postmaster.pid())))
                    .redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
            }
            postmaster.onExit().get(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("PostgreSQL left running on " + dataDirectory + " (pid " + postmaster.pid()
                    + ") did not stop within " + STOP_WAIT.toSeconds() + " s; stop it (kill " + postmaster.pid() + ") and start again");
        } catch (IOException | ExecutionException e) {
            throw new IllegalStateException("Cannot stop PostgreSQL left running on " + dataDirectory + " (pid "
                    + postmaster.pid() + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping PostgreSQL pid " + postmaster.pid(), e);
        }
    }

    private static boolean isPostgres(String command) {
        String name = Path.of(command).getFileName().toString();
        return name.equals("postgres") || name.equals("postmaster");
    }

    private static Optional<Long> readPid(Path pidFile) {
        try {
            List<String> lines = Files.isRegularFile(pidFile) ? Files.readAllLines(pidFile) : List.of();
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.getFirst().trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove stale " + file, e);
        }
    }
}
