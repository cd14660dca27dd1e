package dev.sparks.local;

import dev.sparks.local.lag.LagCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.YearMonth;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code ./sparks up|demo|bench|lag}: the platform on this machine. {@code up} keeps running with its
 * state in {@code .sparks/}; {@code demo} runs the main job in a throwaway folder and exits;
 * {@code bench} measures the pipeline against bare Kafka; {@code lag} prints every consumer group's
 * lag in records and seconds.
 */
public final class SparksLocal {

    private SparksLocal() {}

    public static void main(String[] args) throws Exception {
        String command = args.length > 0 ? args[0] : "help";
        Path root = Path.of(System.getProperty("sparks.root", ".")).toAbsolutePath().normalize();
        switch (command) {
            case "demo" -> demo(root);
            case "chaos" -> Chaos.main(root, args);
            case "up" -> up(root);
            case "bench" -> Bench.run(root, args);
            case "lag" -> System.exit(LagCommand.run(List.of(args).subList(1, args.length),
                    System.getenv().getOrDefault("SPRING_KAFKA_BOOTSTRAP_SERVERS", "localhost:" + Up.KAFKA_PORT),
                    Stack.machineClock()));
            default -> {
                System.err.println("usage: ./sparks demo | up | test | lag [--bootstrap-server host:port] [--group name]"
                        + " | chaos [events] [seed] | bench [events] | bench quota | bench close [customers] [rows]");
                System.exit(2);
            }
        }
    }

    /**
     * The demo shows the last month that has ended: before today, or before {@value Stack#CLOCK}
     * when that pins the date ({@code SPARKS_CLOCK=2028-03-01T00:30:00Z ./sparks demo} shows the
     * leap February of 2028).
     */
    private static void demo(Path root) throws Exception {
        Path state = Files.createTempDirectory("sparks-demo-");
        Stack.Options options = new Stack.Options(root, state, false, 0, 0, 0, randomKey(), true);
        Instant today = new Stack(options, System.getenv()).pinnedAt().orElseGet(Instant::now);
        YearMonth month = Demo.monthBefore(today);
        try (Stack stack = new Stack(options.startingAt(Demo.startOf(month)), System.getenv()).start()) {
            new Demo(stack, month, SampleMonth.customers("")).run();
            Console.say("");
            Console.say("Demo finished; stopping everything.");
        }
    }

    /**
     * Whatever goes wrong while starting, the launcher says why and exits non-zero: exiting runs the
     * shutdown hooks, which stop what was started (and the in-process broker's threads would
     * otherwise keep a failed launcher alive).
     */
    private static void up(Path root) {
        try {
            new Up(root, Up.stateDir(root)).run();
        } catch (Exception e) {
            System.err.println();
            System.err.println("sparks: could not start: " + reason(e));
            System.exit(1);
        }
    }

    private static String reason(Throwable e) {
        StringBuilder reason = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !reason.toString().contains(cause.getMessage())) {
                reason.append("\n  caused by: ").append(cause.getMessage());
            }
        }
        return reason.toString();
    }

    static String randomKey() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return "sk_local_" + HexFormat.of().formatHex(bytes);
    }
}
