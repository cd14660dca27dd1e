package dev.sparks.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./sparks up} keeps everything across restarts, as a user runs and stops it: the real
 * launcher in its own process, the six services and the console as theirs, Kafka and PostgreSQL on disk in a
 * state folder. One sequence, since each start costs the whole stack: a second launcher is
 * refused, SIGTERM stops cleanly and a start carries on, a {@code kill -9} is recovered from.
 */
class SparksUpRestartTest {

    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    private static final String CUSTOMER = "restart-acme";

    @TempDir
    Path folder;

    private final List<LauncherProcess> launchers = new ArrayList<>();
    private Path state;
    private SparksClient client;

    @Test
    void customersAndUsageSurviveASigtermAndAKill9AndASecondLauncherIsRefused() throws Exception {
        state = folder.resolve("state");
        LauncherProcess first = start("first").awaitUp();
        client = new SparksClient(Files.readString(state.resolve("api-key")).trim());
        assertThat(client.putCustomer(CUSTOMER, "billing@restart-acme.example", "Restart Acme").status()).isEqualTo(200);
        postUsage(5);
        awaitAccounted(5);
        BigDecimal usedBeforeStop = usedSparks();
        assertThat(usedBeforeStop).isPositive();

        // (c) A second launcher on the same folder is refused at once, and the first one runs on.
        LauncherProcess second = start("second");
        assertThat(second.awaitExit(Duration.ofSeconds(60))).isNotZero();
        assertThat(second.output()).contains("already running").contains(state.toString());
        assertThat(first.isAlive()).isTrue();

        // (a) Usage accepted just before a SIGTERM is not lost: the stop is clean, the next start has it all.
        postUsage(3);
        assertThat(first.terminate()).as("exit code after SIGTERM").isIn(0, 143);
        assertThat(first.output()).contains("Sparks stopped");
        assertThat(Files.readString(state.resolve("launcher.pid"))).isBlank();

        LauncherProcess afterStop = start("after-sigterm").awaitUp();
        assertThat(afterStop.output()).doesNotContain("did not stop cleanly");
        awaitAccounted(8);
        assertThat(usedSparks()).isGreaterThan(usedBeforeStop);
        BigDecimal usedBeforeKill = usedSparks();

        // (b) After a kill -9 the next start stops what the dead launcher left running and serves the
        // same data; usage accepted just before the kill is there too (202 means committed in Kafka).
        postUsage(2);
        afterStop.kill();
        assertThat(state.resolve("kafka").resolve(".lock")).as("left by the killed broker").exists();
        assertThat(postgresStillRunning()).as("pg_ctl's server outlives a kill -9 of the launcher").isTrue();
        LauncherProcess afterKill = start("after-kill").awaitUp();
        assertThat(afterKill.output()).contains("did not stop cleanly").contains("stopped 7 service process(es)");
        awaitAccounted(10);
        assertThat(usedSparks()).isGreaterThan(usedBeforeKill);
        postUsage(2);
        awaitAccounted(12);
        assertThat(afterKill.terminate()).isIn(0, 143);
        assertThat(postgresStillRunning()).as("PostgreSQL stopped with the launcher").isFalse();
    }

    private LauncherProcess start(String name) {
        LauncherProcess launcher = LauncherProcess.up(ROOT, state, name);
        launchers.add(launcher);
        return launcher;
    }

    private void postUsage(int events) {
        StringBuilder batch = new StringBuilder("{\"events\":[");
        for (int i = 0; i < events; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"event_id\":\"%s\",\"customer_id\":\"%s\",\"metric\":\"ai_tokens\",\"quantity\":1000,\"occurred_at\":\"%s\"}"
                    .formatted(UUID.randomUUID(), CUSTOMER, Instant.now().minusSeconds(60)));
        }
        assertThat(client.postEvents(batch.append("]}").toString()).status()).isEqualTo(202);
    }

    private void awaitAccounted(long events) {
        String url = ServiceSpec.named("subscription-service").url() + "/v1/admin/usage/accounted?month="
                + YearMonth.now(ZoneOffset.UTC);
        awaitUntil(() -> client.get(url).body().get("events").asLong() >= events, events + " events accounted");
        assertThat(client.get(url).body().get("events").asLong()).isEqualTo(events);
    }

    private BigDecimal usedSparks() {
        SparksClient.Response usage = client.currentUsage(CUSTOMER);
        assertThat(usage.status()).as("current usage of " + CUSTOMER + ": " + usage.body()).isEqualTo(200);
        return usage.body().get("used_sparks").decimalValue();
    }

    private static void awaitUntil(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Gave up waiting for " + what);
            }
            Stack.sleep(Duration.ofMillis(500));
        }
    }

    private boolean postgresStillRunning() throws Exception {
        Path pidFile = state.resolve("postgres").resolve("postmaster.pid");
        return Files.exists(pidFile) && ProcessHandle.of(Long.parseLong(Files.readAllLines(pidFile).getFirst().trim()))
                .filter(ProcessHandle::isAlive).isPresent();
    }

    /** Nothing of this test outlives it, whatever failed: launchers, their services, their PostgreSQL. */
    @AfterEach
    void stopEverything() throws Exception {
        for (LauncherProcess launcher : launchers) {
            if (launcher.isAlive()) {
                launcher.terminate();
            }
        }
        if (state != null) {
            new LeftoverServices(state).stopLeftovers();
            if (postgresStillRunning()) {
                ProcessHandle postgres = ProcessHandle.of(Long.parseLong(Files.readAllLines(
                        state.resolve("postgres").resolve("postmaster.pid")).getFirst().trim())).orElseThrow();
                postgres.destroy();
                postgres.onExit().get(30, TimeUnit.SECONDS);
            }
        }
    }
}
