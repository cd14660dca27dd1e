package dev.sparks.notification;

import static dev.sparks.notification.persistence.jooq.Tables.CONTACT;
import static dev.sparks.notification.persistence.jooq.Tables.MAIL_QUEUE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.embedded.EmbeddedSmtp;
import dev.sparks.notification.persistence.jooq.tables.records.MailQueueRecord;
import dev.sparks.platform.testing.EmbeddedInfrastructure;
import dev.sparks.platform.testing.MutableClock;
import dev.sparks.schemas.serde.SerdeFactory;
import dev.sparks.schemas.subscription.SubscriptionStateChanged;
import dev.sparks.schemas.topic.Topics;
import dev.sparks.schemas.topic.Topic;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.awaitility.Awaitility;
import org.jooq.DSLContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service as deployed, over real HTTP, on the real broker and database, mailing through a real
 * SMTP server (GreenMail) that keeps what it receives; between the two sits {@link FaultySmtp},
 * which tests can make refuse mails or go down. Customers are new per test, so tests share the
 * mailbox. The clock is the tests' to move (retries and waits for an address are due by it); the
 * sender runs every 100 ms. All test classes share this one context, so no second context competes
 * for the same Kafka consumer groups.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "sparks.notification.delivery.send-interval=100ms")
@Import(NotificationTestSupport.TestClock.class)
public abstract class NotificationTestSupport {

    protected static final Duration WAIT = Duration.ofSeconds(30);
    protected static final Instant NOW = Instant.parse("2026-10-15T12:00:00Z");
    protected static final MutableClock CLOCK = new MutableClock(NOW);
    private static volatile EmbeddedSmtp smtp = EmbeddedSmtp.start(0);
    private static final int SMTP_PORT = smtp.port();
    protected static final FaultySmtp FAULTS = FaultySmtp.inFrontOf(SMTP_PORT);

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            FAULTS.close();
            smtp.close();
        }));
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class TestClock {
        @Bean
        Clock clock() {
            return CLOCK;
        }
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        EmbeddedInfrastructure.register(registry, "notification");
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", FAULTS::port);
    }

    @LocalServerPort protected int port;
    @Autowired protected DSLContext db;
    @Autowired private KafkaTemplate<String, byte[]> kafka;
    @Autowired private SerdeFactory serdes;

    /** GreenMail stops; until {@link #startSmtp()} the service's connections are dropped unanswered. */
    protected static void stopSmtp() {
        smtp.close();
    }

    /** A new GreenMail on the same port: the mails received before the stop are gone from the mailbox. */
    protected static void startSmtp() {
        smtp = EmbeddedSmtp.start(SMTP_PORT);
    }

    /** A customer whose address the service learned from subscription.state.v1. */
    protected String customerWithEmail(String prefix, String displayName) {
        String customer = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        storeAddress(customer, displayName);
        return customer;
    }

    /** The contact row alone, written straight to the database: no subscription.state.v1 record, no release. */
    protected void storeAddress(String customer, String displayName) {
        db.insertInto(CONTACT).set(CONTACT.CUSTOMER_ID, customer).set(CONTACT.EMAIL, customer + "@example.com")
                .set(CONTACT.DISPLAY_NAME, displayName).set(CONTACT.AS_OF, NOW.atOffset(ZoneOffset.UTC)).execute();
    }

    /** A customer the service has no address for (yet). */
    protected static String customerWithoutEmail(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** subscription.state.v1 brings the customer's address, as {@link #mailTo} expects it. */
    protected void addressArrives(String customer, String displayName) {
        send(Topics.SUBSCRIPTION_STATE, customer, SubscriptionStateChanged.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(CLOCK.instant())
                .setCustomerId(customer)
                .setProducer("subscription-service")
                .setPlan("starter")
                .setStatus("active")
                .setIncludedSparks(new BigDecimal("10000.000000"))
                .setEmail(customer + "@example.com")
                .setDisplayName(displayName)
                .build());
    }

    /** The mail queued for {@code reference}, once it satisfies {@code condition}. */
    protected MailQueueRecord awaitQueued(String reference, Predicate<MailQueueRecord> condition) {
        return Awaitility.await().atMost(WAIT).until(
                () -> db.selectFrom(MAIL_QUEUE).where(MAIL_QUEUE.REFERENCE.eq(reference)).fetchOne(),
                mail -> mail != null && condition.test(mail));
    }

    protected <V extends SpecificRecord> void send(Topic<String, V> topic, String key, V value) {
        kafka.send(topic.name(), key, bytesOf(topic, value)).join();
    }

    /** The value as it travels on {@code topic}. */
    protected <V extends SpecificRecord> byte[] bytesOf(Topic<String, V> topic, V value) {
        return serdes.valueSerde(topic).serializer().serialize(topic.name(), value);
    }

    protected static List<MimeMessage> mailTo(String customer) {
        return smtp.receivedMessages().stream().filter(message -> {
            try {
                return message.getRecipients(Message.RecipientType.TO)[0].toString().equals(customer + "@example.com");
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    protected static List<String> subjects(String customer) {
        return mailTo(customer).stream().map(message -> {
            try {
                return message.getSubject();
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    protected static String body(MimeMessage message) {
        try {
            return message.getContent().toString();
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    protected static void awaitMails(String customer, int count) {
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(mailTo(customer)).hasSize(count));
    }
}
