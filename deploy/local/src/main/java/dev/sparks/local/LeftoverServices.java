package dev.sparks.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The service processes a launcher started, in {@code services.pid}. The services are the
 * launcher's child processes, and a {@code kill -9} of the launcher leaves them running on the
 * stack's fixed ports; the next launcher reads this file and stops them before it starts its own.
 */
final class LeftoverServices {

    private static final Duration STOP_WAIT = Duration.ofSeconds(20);

    private final Path file;

    LeftoverServices(Path stateDir) {
        this.file = stateDir.resolve("services.pid");
    }

    /**
     * Keeps the file current while this launcher runs (services start one by one, and a kill can
     * come at any moment). Each line is a pid and the process's start time, so a pid the system
     * has since given to another process is never mistaken for a service.
     */
    ScheduledExecutorService recordChildren() {
        ScheduledExecutorService recorder = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sparks-services-pid");
            thread.setDaemon(true);
            return thread;
        });
        recorder.scheduleWithFixedDelay(this::record, 0, 1, TimeUnit.SECONDS);
        return recorder;
    }

    private void record() {
        List<String> lines = ProcessHandle.current().children()
                .flatMap(child -> child.info().startInstant().map(start -> child.pid() + " " + start).stream())
                .toList();
        try {
            Path next = file.resolveSibling(file.getFileName() + ".next");
            Files.write(next, lines);
            Files.move(next, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            System.err.println("Cannot record the services' pids in " + file + ": " + e.getMessage());
        }
    }

    /** Stops (SIGTERM, then SIGKILL after a bound) every recorded service that still runs; returns how many. */
    int stopLeftovers() {
        List<ProcessHandle> alive = recorded();
        alive.forEach(ProcessHandle::destroy);
        for (ProcessHandle service : alive) {
            try {
                service.onExit().get(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception notStopped) {
                service.destroyForcibly();
            }
        }
        return alive.size();
    }

    void clear() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<ProcessHandle> recorded() {
        try {
            if (!Files.isRegularFile(file)) {
                return List.of();
            }
            return Files.readAllLines(file).stream().map(String::trim).filter(line -> !line.isEmpty())
                    .flatMap(line -> sameProcess(line).stream()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private static Optional<ProcessHandle> sameProcess(String line) {
        String[] parts = line.split(" ");
        Instant started = Instant.parse(parts[1]);
        return ProcessHandle.of(Long.parseLong(parts[0])).filter(ProcessHandle::isAlive)
                .filter(process -> process.info().startInstant().filter(started::equals).isPresent());
    }
}
