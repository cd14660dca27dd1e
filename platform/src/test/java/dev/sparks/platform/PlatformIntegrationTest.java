package dev.sparks.platform;

import static dev.sparks.platform.persistence.jooq.Tables.OUTBOX_EVENT;
import static dev.sparks.platform.persistence.jooq.Tables.PROCESSED_EVENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.table;

import dev.sparks.platform.messaging.PipelineMeters;
import dev.sparks.platform.outbox.Outbox;
import dev.sparks.platform.outbox.OutboxRelay;
import dev.sparks.platform.testapp.PlatformTestApplication;
import dev.sparks.platform.testing.EmbeddedInfrastructure;
import dev.sparks.platform.testing.TestEvents;
import dev.sparks.platform.testing.TopicReader;
import dev.sparks.schemas.deadletter.DeadLetter;
import dev.sparks.schemas.notification.NotificationEvent;
import dev.sparks.schemas.notification.NotificationEventType;
import dev.sparks.schemas.serde.SerdeFactory;
import dev.sparks.schemas.topic.Topics;
import dev.sparks.schemas.usage.RawUsageEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The consistency primitives as a service uses them, against a real broker and database: the
 * outbox, the relay, the idempotent consumer and dead-lettering.
 */
@SpringBootTest(classes = PlatformTestApplication.class, properties = {
        "spring.application.name=platform-test",
        "spring.flyway.locations=classpath:db/platform-test"})
class PlatformIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        EmbeddedInfrastructure.register(registry, "platform");
    }

    @Autowired Outbox outbox;
    @Autowired OutboxRelay relay;
    @Autowired TransactionTemplate transactions;
    @Autowired DSLContext db;
    @Autowired KafkaTemplate<String, byte[]> kafka;
    @Autowired SerdeFactory serdes;
    @Autowired ConcurrentMessageListenerContainer<String, byte[]> testStage;
    @Autowired MeterRegistry meters;

    @Test
    void outboxEventReachesKafkaOnlyIfItsTransactionCommits() {
        String customer = "outbox-" + UUID.randomUUID();
        transactions.executeWithoutResult(status -> append(customer, "committed"));
        try {
            transactions.executeWithoutResult(status -> {
                append(customer, "rolled-back");
                throw new IllegalStateException("the state change failed");
            });
        } catch (IllegalStateException expected) {
            // the announcement must vanish with the state change
        }

        List<NotificationEvent> published = TopicReader.read(Topics.NOTIFICATION_EVENTS,
                event -> event.getCustomerId().equals(customer), 2, Duration.ofSeconds(5));

        assertThat(published).extracting(NotificationEvent::getSubject).containsExactly("committed");
    }

    @Test
    void relayPublishesInOrderWhatWasWrittenWhileItWasStopped() {
        String customer = "restart-" + UUID.randomUUID();
        relay.stop();
        try {
            transactions.executeWithoutResult(status -> {
                append(customer, "first");
                append(customer, "second");
                append(customer, "third");
            });
            assertThat(unpublishedRowsOf(customer)).isEqualTo(3);
        } finally {
            relay.start();
        }

        List<NotificationEvent> published = TopicReader.read(Topics.NOTIFICATION_EVENTS,
                event -> event.getCustomerId().equals(customer), 3, WAIT);

        assertThat(published).extracting(NotificationEvent::getSubject).containsExactly("first", "second", "third");
        Awaitility.await().atMost(WAIT).until(() -> unpublishedRowsOf(customer) == 0);
    }

    @Test
    void redeliveredEventHasNoSecondEffect() {
        String customer = "dedupe-" + UUID.randomUUID();
        RawUsageEvent event = TestEvents.raw(customer, "ai_tokens", "1000");
        send(event);
        send(event);
        RawUsageEvent marker = TestEvents.raw(customer, "compute_minutes", "1");
        send(marker);

        Awaitility.await().atMost(WAIT).until(() -> effectsOf(customer) == 2);
        assertThat(db.fetchCount(PROCESSED_EVENT, PROCESSED_EVENT.EVENT_ID.eq(event.getEventId()))).isEqualTo(1);
        assertThat(effectsOf(customer)).isEqualTo(2);
    }

    @Test
    void undecodableRecordIsDeadLetteredWithItsBytesAndDoesNotBlockThePartition() {
        double undecodableBefore = deadLetters("undecodable");
        double handledBefore = stageEvents();
        String customer = "garbage-" + UUID.randomUUID();
        byte[] garbage = {0x13, 0x37, 0x00, 0x42};
        kafka.send(Topics.USAGE_RAW.name(), customer, garbage).join();
        send(TestEvents.raw(customer, "ai_tokens", "5"));

        List<DeadLetter> letters = TopicReader.read(Topics.RATING_DEAD_LETTERS,
                letter -> customer.equals(letter.getCustomerId()), 1, WAIT);

        assertThat(letters).hasSize(1);
        assertThat(letters.getFirst().getReason()).contains("RawUsageEvent");
        assertThat(letters.getFirst().getSourceTopic()).isEqualTo(Topics.USAGE_RAW.name());
        assertThat(letters.getFirst().getOriginalValue().array()).isEqualTo(garbage);
        Awaitility.await().atMost(WAIT).until(() -> effectsOf(customer) == 1);
        assertThat(deadLetters("undecodable")).isEqualTo(undecodableBefore + 1);
        Awaitility.await().atMost(WAIT).until(() -> stageEvents() >= handledBefore + 1);
    }

    @Test
    void rejectedRecordIsDeadLetteredWithItsReasonAndLeavesNoEffect() {
        double rejectedBefore = deadLetters("rejected");
        String customer = "rejected-" + UUID.randomUUID();
        RawUsageEvent poison = TestEvents.raw(customer, PlatformTestApplication.POISON_METRIC, "1");
        send(poison);

        List<DeadLetter> letters = TopicReader.read(Topics.RATING_DEAD_LETTERS,
                letter -> customer.equals(letter.getCustomerId()), 1, WAIT);

        assertThat(letters).hasSize(1);
        assertThat(letters.getFirst().getReason()).isEqualTo("metric 'poison' cannot be processed");
        assertThat(letters.getFirst().getOriginalEventId()).isEqualTo(poison.getEventId());
        assertThat(effectsOf(customer)).isZero();
        assertThat(db.fetchCount(PROCESSED_EVENT, PROCESSED_EVENT.EVENT_ID.eq(poison.getEventId()))).isZero();
        assertThat(deadLetters("rejected")).as("sparks_dead_letters_total{reason=rejected}").isEqualTo(rejectedBefore + 1);
    }

    /** sparks_dead_letters_total of the test stage on rating's dead-letter topic, for one kind of reason. */
    private double deadLetters(String reason) {
        Counter counter = meters.find(PipelineMeters.DEAD_LETTERS).tags("stage", "platform-test",
                "topic", Topics.RATING_DEAD_LETTERS.name(), "reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private double stageEvents() {
        Counter counter = meters.find(PipelineMeters.STAGE_EVENTS).tags("stage", "platform-test",
                "topic", Topics.USAGE_RAW.name()).counter();
        return counter == null ? 0 : counter.count();
    }

    @ParameterizedTest
    @ValueSource(strings = {PlatformTestApplication.CLASS_CAST_METRIC, PlatformTestApplication.ILLEGAL_ARGUMENT_METRIC})
    void aRecordFailingForGoodIsDeadLetteredWithItsReasonAndTheRestOfItsBatchIsApplied(String failingMetric) {
        String customer = "batch-" + failingMetric + "-" + UUID.randomUUID();
        RawUsageEvent failing = TestEvents.raw(customer, failingMetric, "1");
        testStage.pause();
        try {
            // Paused, so the three records arrive in one poll: the failure happens inside a batch.
            Awaitility.await().atMost(WAIT).until(testStage::isContainerPaused);
            send(TestEvents.raw(customer, "ai_tokens", "1"));
            send(failing);
            send(TestEvents.raw(customer, "compute_minutes", "1"));
        } finally {
            testStage.resume();
        }

        List<DeadLetter> letters = TopicReader.read(Topics.RATING_DEAD_LETTERS,
                letter -> customer.equals(letter.getCustomerId()), 1, WAIT);

        assertThat(letters).hasSize(1);
        assertThat(letters.getFirst().getOriginalEventId()).isEqualTo(failing.getEventId());
        assertThat(letters.getFirst().getReason()).contains("the effect met a");
        Awaitility.await().atMost(WAIT).until(() -> effectsOf(customer) == 2);
        assertThat(db.fetchCount(PROCESSED_EVENT, PROCESSED_EVENT.EVENT_ID.eq(failing.getEventId()))).isZero();
    }

    private void append(String customer, String subject) {
        NotificationEvent event = NotificationEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now())
                .setCustomerId(customer)
                .setProducer("platform-test")
                .setType(NotificationEventType.SENT)
                .setChannel("email")
                .setRecipient("someone@example.com")
                .setSubject(subject)
                .setReference("test")
                .build();
        outbox.append(Topics.NOTIFICATION_EVENTS, customer, event.getEventId(), event);
    }

    private void send(RawUsageEvent event) {
        kafka.send(Topics.USAGE_RAW.name(), event.getCustomerId(),
                serdes.valueSerde(Topics.USAGE_RAW).serializer().serialize(Topics.USAGE_RAW.name(), event)).join();
    }

    private int unpublishedRowsOf(String customer) {
        return db.fetchCount(OUTBOX_EVENT, OUTBOX_EVENT.MESSAGE_KEY.eq(customer).and(OUTBOX_EVENT.PUBLISHED_AT.isNull()));
    }

    private int effectsOf(String customer) {
        return db.fetchCount(table("test_effect"), field("customer_id").eq(customer));
    }
}
