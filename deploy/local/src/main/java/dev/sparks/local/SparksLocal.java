package dev.sparks.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.YearMonth;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./sparks up|demo|bench}: the platform on this machine. {@code up} keeps running with its
 * state in {@code .sparks/}; {@code demo} runs the main job in a throwaway folder and exits;
 * {@code bench} measures the pipeline against bare Kafka.
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
            default -> {
                System.err.println("usage: ./sparks demo | up | test | chaos [events] [seed] | bench [events] | bench quota | bench close [customers] [rows]");
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

    private static void up(Path root) throws Exception {
        Path state = root.resolve(".sparks");
        Files.createDirectories(state);
        Path keyFile = state.resolve("api-key");
        if (!Files.exists(keyFile)) {
            Files.writeString(keyFile, randomKey());
        }
        Stack.Options options = new Stack.Options(root, state, true, 0, 15432, 2525, Files.readString(keyFile).trim(), true);
        Stack stack = new Stack(options, System.getenv());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Console.say("\nStopping Sparks ...");
            stack.close();
            stopped.countDown();
        }));
        stack.start();
        Console.say("");
        Console.say("Sparks is up. State is kept in " + state + " (PostgreSQL data, logs, API key).");
        ServiceSpec.ALL.forEach(spec -> Console.say(String.format("  %-24s %s", spec.module(), spec.url())));
        Console.say("  Kafka bootstrap servers  " + stack.bootstrapServers());
        Console.say("  API key                  " + options.apiKey() + "   (Authorization: Bearer <key>)");
        stack.issuer().ifPresent(issuer -> {
            new SparksClient(options.apiKey()).putCustomer(DevTokens.SAMPLE_CUSTOMER, "sample@sparks.local", "Sample customer");
            DevTokens.print(issuer, stack.now());
        });
        Console.say("Press Ctrl-C to stop.");
        stopped.await();
    }

    static String randomKey() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return "sk_local_" + HexFormat.of().formatHex(bytes);
    }
}
