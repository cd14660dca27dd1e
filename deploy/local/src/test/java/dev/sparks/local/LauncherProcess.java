package dev.sparks.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./sparks up} as a user runs it: {@link SparksLocal}'s main in a JVM of its own, on the
 * repository's service jars, with its state in a folder of the test's choosing.
 */
final class LauncherProcess {

    private final Process process;
    private final Path output;

    private LauncherProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    static LauncherProcess up(Path root, Path state, String name) {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path output = state.resolveSibling(state.getFileName() + "-" + name + ".out");
        try {
            Process process = new ProcessBuilder(List.of(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx768m",
                    "-cp", System.getProperty("java.class.path"),
                    "-Dsparks.root=" + root, "-Dsparks.state=" + state, SparksLocal.class.getName(), "up"))
                    .redirectErrorStream(true).redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
            return new LauncherProcess(process, output);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the launcher", e);
        }
    }

    /** Waits until the launcher says the stack is up; fails with its output if it exits first or takes too long. */
    LauncherProcess awaitUp() {
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (System.nanoTime() < deadline) {
            if (output().contains("Sparks is up.")) {
                return this;
            }
            if (!process.isAlive()) {
                throw new AssertionError("The launcher exited with " + process.exitValue() + ":\n" + output());
            }
            Stack.sleep(Duration.ofMillis(500));
        }
        throw new AssertionError("The launcher was not up within 4 minutes:\n" + output());
    }

    /** Waits for the launcher to exit by itself (bounded) and returns its exit code. */
    int awaitExit(Duration within) throws InterruptedException {
        if (!process.waitFor(within.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("The launcher did not exit within " + within + ":\n" + output());
        }
        return process.exitValue();
    }

    /** SIGTERM, as {@code kill <pid>} or a service manager sends it; returns the exit code. */
    int terminate() throws InterruptedException {
        process.destroy();
        return awaitExit(Duration.ofSeconds(90));
    }

    /** SIGKILL: the launcher gets no chance to stop anything. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String output() {
        try {
            return Files.exists(output) ? Files.readString(output) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
