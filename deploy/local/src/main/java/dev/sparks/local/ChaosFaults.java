package dev.sparks.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The faults of a chaos run, one after another at random moments from a seeded schedule: each of
 * the stateful consumers killed with SIGKILL and started again several times, the Kafka broker and
 * PostgreSQL restarted, and SMTP refusing connections for a while. Runs beside the event stream.
 */
final class ChaosFaults {

    /** @param kills SIGKILLs of each of rating, subscription and invoicing */
    record Settings(int kills, boolean restartBroker, boolean restartDatabase, Duration mailOutage, Duration maxGap) {}

    private static final List<String> KILLED = List.of("rating-service", "subscription-service", "invoicing-service");

    private final Stack stack;
    private final Settings settings;
    private final Random random;
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private ExecutorService runner;
    private Future<?> running;

    ChaosFaults(Stack stack, Settings settings, long seed) {
        this.stack = stack;
        this.settings = settings;
        this.random = new Random(seed);
    }

    /** Starts the schedule in the background; {@link #awaitDone()} waits for its last fault to be repaired. */
    void start() {
        List<Runnable> faults = new ArrayList<>();
        for (String module : KILLED) {
            for (int i = 0; i < settings.kills(); i++) {
                faults.add(() -> {
                    stack.kill(module);
                    note("SIGKILL " + module + ", restarting");
                    stack.restart(module);
                    note(module + " is back");
                });
            }
        }
        if (settings.restartBroker()) {
            faults.add(() -> {
                note("restarting the Kafka broker");
                stack.restartKafka();
                note("Kafka broker is back");
            });
        }
        if (settings.restartDatabase()) {
            faults.add(() -> {
                note("restarting PostgreSQL");
                stack.restartPostgres();
                note("PostgreSQL is back");
            });
        }
        Collections.shuffle(faults, random);
        runner = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("chaos-faults").factory());
        running = runner.submit(() -> {
            for (Runnable fault : faults) {
                Stack.sleep(Duration.ofMillis((long) (random.nextDouble() * settings.maxGap().toMillis())));
                fault.run();
            }
        });
    }

    /** SMTP refuses connections for the configured outage; returns once it accepts mail again. */
    void mailOutage() {
        note("SMTP refuses connections for " + settings.mailOutage().toSeconds() + " s");
        stack.refuseMailFor(settings.mailOutage());
        note("SMTP accepts mail again");
    }

    void awaitDone() throws Exception {
        running.get();
        runner.shutdown();
    }

    List<String> log() {
        return List.copyOf(log);
    }

    private void note(String what) {
        log.add(what);
        Console.say("  [fault] " + what);
    }
}
