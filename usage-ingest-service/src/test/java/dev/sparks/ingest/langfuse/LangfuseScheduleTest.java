package dev.sparks.ingest.langfuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.platform.testing.EmbeddedInfrastructure;
import dev.sparks.platform.testing.TopicReader;
import dev.sparks.schemas.topic.Topics;
import dev.sparks.schemas.usage.RawUsageEvent;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The scheduled sync: with a cron configured, observations reach Kafka without anyone calling POST /usage/sync. */
@SpringBootTest
@DirtiesContext
class LangfuseScheduleTest {

    static final LangfuseStandIn LANGFUSE = start();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        EmbeddedInfrastructure.register(registry, "langfuse_schedule");
        registry.add("sparks.ingest.langfuse.base-url", LANGFUSE::baseUrl);
        registry.add("sparks.ingest.langfuse.public-key", () -> LangfuseStandIn.PUBLIC_KEY);
        registry.add("sparks.ingest.langfuse.secret-key", () -> LangfuseStandIn.SECRET_KEY);
        registry.add("sparks.ingest.langfuse.schedule", () -> "*/2 * * * * *");
        registry.add("sparks.ingest.langfuse.late-sweep.every", () -> "1s");
    }

    @Autowired SyncState state;

    @AfterAll
    static void stop() {
        LANGFUSE.close();
    }

    @Test
    void theScheduleSyncsOnItsOwn() {
        String customer = "scheduled-" + UUID.randomUUID();
        String observation = "obs-" + UUID.randomUUID();
        LANGFUSE.generation(observation, "trace-" + UUID.randomUUID(), Instant.now().minusSeconds(60), customer, 8, 2);

        List<RawUsageEvent> events = TopicReader.read(Topics.USAGE_RAW, e -> e.getCustomerId().equals(customer), 3,
                Duration.ofSeconds(10));

        assertThat(events).extracting(RawUsageEvent::getEventId).containsExactlyInAnyOrder(
                ObservationConverter.eventId(observation, "input"), ObservationConverter.eventId(observation, "output"));
        assertThat(LANGFUSE.requests("/api/public/v2/observations")).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void theScheduleAlsoRunsTheLateSweepWhichBillsALateObservationOnce() throws InterruptedException {
        for (int i = 0; i < 150 && state.snapshot().lateSweepTo() == null; i++) {
            Thread.sleep(100);
        }
        assertThat(state.snapshot().lateSweepTo()).as("a scheduled late sweep completed").isNotNull();
        String customer = "late-" + UUID.randomUUID();
        String observation = "obs-" + UUID.randomUUID();
        // Visible only now, three hours after its start: far behind every sync window's overlap
        LANGFUSE.generation(observation, "trace-" + UUID.randomUUID(), Instant.now().minus(Duration.ofHours(3)), customer, 8, 2);

        List<RawUsageEvent> events = TopicReader.read(Topics.USAGE_RAW, e -> e.getCustomerId().equals(customer), 3,
                Duration.ofSeconds(10));

        assertThat(events).extracting(RawUsageEvent::getEventId).containsExactlyInAnyOrder(
                ObservationConverter.eventId(observation, "input"), ObservationConverter.eventId(observation, "output"));
        assertThat(state.snapshot().lateSweepStatus()).isEqualTo("completed");
    }

    private static LangfuseStandIn start() {
        try {
            return new LangfuseStandIn();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
