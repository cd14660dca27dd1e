package dev.sparks.notification;

import static dev.sparks.notification.persistence.jooq.Tables.CONTACT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.embedded.EmbeddedSmtp;
import dev.sparks.platform.testing.EmbeddedInfrastructure;
import dev.sparks.schemas.serde.SerdeFactory;
import dev.sparks.schemas.topic.Topic;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.awaitility.Awaitility;
import org.jooq.DSLContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service as deployed, on the real broker and database, mailing through a real SMTP server
 * (GreenMail) that keeps what it receives. Customers are new per test, so tests share the mailbox.
 */
@SpringBootTest
public abstract class NotificationTestSupport {

    protected static final Duration WAIT = Duration.ofSeconds(30);
    protected static final Instant NOW = Instant.parse("2026-10-15T12:00:00Z");
    private static final EmbeddedSmtp SMTP = EmbeddedSmtp.start(0);

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(SMTP::close));
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        EmbeddedInfrastructure.register(registry, "notification");
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", SMTP::port);
    }

    @Autowired protected DSLContext db;
    @Autowired private KafkaTemplate<String, byte[]> kafka;
    @Autowired private SerdeFactory serdes;

    /** A customer whose address the service learned from subscription.state.v1. */
    protected String customerWithEmail(String prefix, String displayName) {
        String customer = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        db.insertInto(CONTACT).set(CONTACT.CUSTOMER_ID, customer).set(CONTACT.EMAIL, customer + "@example.com")
                .set(CONTACT.DISPLAY_NAME, displayName).set(CONTACT.AS_OF, NOW.atOffset(ZoneOffset.UTC)).execute();
        return customer;
    }

    protected <V extends SpecificRecord> void send(Topic<String, V> topic, String key, V value) {
        kafka.send(topic.name(), key, serdes.valueSerde(topic).serializer().serialize(topic.name(), value)).join();
    }

    protected static List<MimeMessage> mailTo(String customer) {
        return SMTP.receivedMessages().stream().filter(message -> {
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
