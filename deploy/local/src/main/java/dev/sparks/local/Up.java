package dev.sparks.local;

import dev.sparks.local.lag.LagCollector;
import dev.sparks.local.lag.LagEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;

/**
 * {@code ./sparks up}: the platform kept running, with everything it holds in the state folder
 * ({@code .sparks/}): Kafka's log, PostgreSQL's data, the API key, the logs. SIGTERM (or Ctrl-C)
 * stops it cleanly; after a {@code kill -9} the next start stops what the killed one left running
 * and carries on with the same data.
 */
final class Up {

    /** Fixed, so that a restart keeps the addresses that services and users were given. */
    static final int KAFKA_PORT = 19092;
    static final int POSTGRES_PORT = 15432;
    static final int SMTP_PORT = 2525;
    /** Broker-side consumer lag in Prometheus' format, on kafka_exporter's port so scrape configs carry over. */
    static final int LAG_PORT = LagEndpoint.DEFAULT_PORT;

    private final Path root;
    private final Path state;

    Up(Path root, Path state) {
        this.root = root;
        this.state = state;
    }

    /** The state folder: {@code -Dsparks.state}, else {@code SPARKS_STATE}, else {@code .sparks} under the root. */
    static Path stateDir(Path root) {
        String configured = System.getProperty("sparks.state", System.getenv("SPARKS_STATE"));
        return configured == null || configured.isBlank() ? root.resolve(".sparks") : Path.of(configured).toAbsolutePath().normalize();
    }

    /** Returns when the stack was stopped by a signal; throws with the reason when it cannot start. */
    void run() throws Exception {
        LauncherPidFile pidFile = LauncherPidFile.claim(state);
        LeftoverServices leftovers = new LeftoverServices(state);
        pidFile.killedPid().ifPresent(pid -> recoverFrom(pid, leftovers));
        Stack.Options options = new Stack.Options(root, state, true, KAFKA_PORT, POSTGRES_PORT, SMTP_PORT, apiKey(), true);
        Stack stack = new Stack(options, System.getenv());
        ScheduledExecutorService recorder = leftovers.recordChildren();
        CountDownLatch stopped = new CountDownLatch(1);
        java.util.List<AutoCloseable> lag = new java.util.concurrent.CopyOnWriteArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Console.say("\nStopping Sparks ...");
            lag.reversed().forEach(Up::closeQuietly);
            stack.close();
            recorder.shutdownNow();
            leftovers.clear();
            pidFile.close();
            Console.say("Sparks stopped; its state stays in " + state);
            stopped.countDown();
        }, "sparks-up-stop"));
        stack.start();
        LagCollector collector = new LagCollector(stack.bootstrapServers(), Stack.machineClock(), Duration.ofSeconds(10));
        lag.add(collector);
        lag.add(Console.step("consumer lag endpoint on port " + LAG_PORT, () -> LagEndpoint.start(collector, "sparks-local", LAG_PORT)));
        stack.startConsole();
        printWelcome(stack, options);
        stopped.await();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            System.err.println("Could not stop " + closeable + ": " + e.getMessage());
        }
    }

    private void recoverFrom(String pid, LeftoverServices leftovers) {
        Console.say("The previous ./sparks up (pid " + pid + ") did not stop cleanly (killed?); recovering its state in " + state);
        int stopped = leftovers.stopLeftovers();
        if (stopped > 0) {
            Console.say("  stopped " + stopped + " service process(es) it left running");
        }
    }

    private String apiKey() throws IOException {
        Path keyFile = state.resolve("api-key");
        if (!Files.exists(keyFile)) {
            Files.writeString(keyFile, SparksLocal.randomKey());
        }
        return Files.readString(keyFile).trim();
    }

    private void printWelcome(Stack stack, Stack.Options options) {
        Console.say("");
        Console.say("Sparks is up. State is kept in " + state + " (Kafka log, PostgreSQL data, logs, API key).");
        ServiceSpec.ALL.forEach(spec -> Console.say(String.format("  %-24s %s", spec.module(), spec.url())));
        Console.say("  Kafka bootstrap servers  " + stack.bootstrapServers());
        Console.say("  Consumer lag             http://localhost:" + LAG_PORT + "/metrics (Prometheus), ./sparks lag (table)");
        Console.say("  API key                  " + options.apiKey() + "   (Authorization: Bearer <key>)");
        stack.issuer().ifPresent(issuer -> {
            new SparksClient(options.apiKey()).putCustomer(DevTokens.SAMPLE_CUSTOMER, "sample@sparks.local", "Sample customer");
            DevTokens.print(issuer, stack.now());
            DevTokens.printConsole();
        });
        stack.stripe().ifPresentOrElse(stripe -> {
            Console.say("  Stripe stand-in          " + stripe.apiBase() + "   (webhooks to payment-gateway-service /stripe/webhook)");
            Console.say("    For a real Stripe test account instead: STRIPE_SECRET_KEY=sk_test_... STRIPE_WEBHOOK_SECRET=whsec_...");
            Console.say("    (and its webhook endpoint pointing at this machine's :8085/stripe/webhook) ./sparks up");
        }, () -> Console.say("  Stripe                   the account of STRIPE_SECRET_KEY"));
        Console.say("Press Ctrl-C (or send SIGTERM) to stop; everything is kept for the next ./sparks up.");
    }
}
