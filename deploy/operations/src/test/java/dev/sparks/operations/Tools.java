package dev.sparks.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The command-line tools these tests drive (promtool, kubectl, docker-compose) and the repository
 * they read. A missing tool skips its test with the package to install, it never passes silently.
 */
final class Tools {

    /** What `.ci/run` installs: Debian package per tool. */
    private static final Map<String, String> PACKAGES =
            Map.of("promtool", "prometheus", "kubectl", "kubectl", "docker-compose", "docker-compose");

    record Result(int exitCode, String output) {}

    private Tools() {}

    static Path root() {
        String configured = System.getProperty("sparks.root");
        Path start = configured != null && !configured.isBlank() ? Path.of(configured) : Path.of("").toAbsolutePath();
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("schemas")) && Files.isDirectory(dir.resolve("deploy"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no Sparks repository above " + start);
    }

    /** Skips the calling test unless {@code tool} is on the PATH. */
    static void require(String tool) {
        Assumptions.assumeTrue(onPath(tool),
                tool + " not installed: apt-get install " + PACKAGES.getOrDefault(tool, tool));
    }

    static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    static Result run(Path workingDir, Map<String, String> environment, List<String> command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile()).redirectErrorStream(true);
            builder.environment().putAll(environment);
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within 120 s");
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command, e);
        }
    }

    /** Runs the command and fails the test, with the tool's own output, unless it exits 0. */
    static String succeed(Path workingDir, Map<String, String> environment, String... command) {
        Result result = run(workingDir, environment, List.of(command));
        assertThat(result.exitCode())
                .as("%s exited %d:%n%s", String.join(" ", command), result.exitCode(), result.output())
                .isZero();
        return result.output();
    }

    static String succeed(Path workingDir, String... command) {
        return succeed(workingDir, Map.of(), command);
    }
}
