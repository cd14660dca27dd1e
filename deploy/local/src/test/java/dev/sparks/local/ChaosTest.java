package dev.sparks.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The chaos run, short: a few thousand events, each sent one to four times, while rating,
 * subscription and invoicing are killed with SIGKILL and restarted, the broker and PostgreSQL
 * restart, SMTP refuses mail, and the month is closed while usage still arrives. Nothing may be
 * lost and nothing counted twice, by the platform's own reconciliation and the run's ground truth.
 * {@code ./sparks chaos} is the long version.
 */
class ChaosTest {

    @Test
    void nothingIsLostAndNothingIsCountedTwiceUnderFaults() throws Exception {
        Path root = Path.of("../..").toAbsolutePath().normalize();
        long seed = Long.getLong("sparks.chaos.seed", System.nanoTime());
        Chaos.Outcome outcome = Chaos.run(root, Chaos.Settings.quick(seed));

        assertThat(outcome.rows()).as("seed " + seed).allSatisfy(row -> {
            assertThat(row.lost()).as(row.stage() + " lost").isZero();
            assertThat(row.countedTwice()).as(row.stage() + " counted twice").isZero();
        });
        assertThat(outcome.passed()).as("seed " + seed).isTrue();
        assertThat(outcome.faults()).anyMatch(fault -> fault.startsWith("SIGKILL rating-service"))
                .anyMatch(fault -> fault.startsWith("SIGKILL subscription-service"))
                .anyMatch(fault -> fault.startsWith("SIGKILL invoicing-service"))
                .anyMatch(fault -> fault.startsWith("restarting PostgreSQL"))
                .anyMatch(fault -> fault.startsWith("restarting the Kafka broker"))
                .anyMatch(fault -> fault.startsWith("SMTP refuses"));
    }
}
