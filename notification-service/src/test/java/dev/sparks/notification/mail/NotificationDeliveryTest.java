package dev.sparks.notification.mail;

import static dev.sparks.notification.Notices.mailOf;
import static dev.sparks.notification.Notices.trialReminder;
import static dev.sparks.notification.persistence.jooq.Tables.CONTACT;
import static dev.sparks.notification.persistence.jooq.Tables.SENT_NOTIFICATION;
import static dev.sparks.platform.persistence.jooq.Tables.OUTBOX_EVENT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.notification.NotificationTestSupport;
import dev.sparks.notification.persistence.jooq.tables.records.MailQueueRecord;
import dev.sparks.platform.testing.TopicReader;
import dev.sparks.schemas.deadletter.DeadLetter;
import dev.sparks.schemas.subscription.SubscriptionNotice;
import dev.sparks.schemas.topic.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Mail delivery when SMTP misbehaves: each mail is sent in its own transaction, so a refusal
 * touches only its own mail; refusals for now are retried with backoff, refusals for good are
 * dead-lettered; a mail for a customer without an address waits for it, or is dropped and counted.
 */
class NotificationDeliveryTest extends NotificationTestSupport {

    /** Longer than any backoff (the default max-retry-delay): moving the clock by it makes every retry due. */
    private static final Duration PAST_ANY_BACKOFF = Duration.ofHours(1).plusSeconds(1);

    @Autowired private MeterRegistry meters;

    private void send(SubscriptionNotice notice) {
        send(Topics.SUBSCRIPTION_NOTICES, notice.getCustomerId(), notice);
    }

    private static boolean status(MailQueueRecord mail, MailStatus status) {
        return mail.getStatus().equals(status.column());
    }

    private double counted(String name, String tag, String value) {
        return meters.counter(name, tag, value).count();
    }

    /** Lets the sender run a few more times, so a mail sent twice would show. */
    private static void severalSenderRuns() {
        try {
            Thread.sleep(Duration.ofMillis(800));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aMailRefusedForNowIsRetriedAloneAndTheOthersOfItsBatchAreSentOnce() {
        String customer = customerWithEmail("batch", "Ada");
        FAULTS.refuse("trial ends in 2 days", "451 4.3.0 Mailbox busy, try again later");
        double transientBefore = counted("sparks.mails.failed", "kind", "transient");
        SubscriptionNotice second = trialReminder(customer, 2);
        // One key, sent back to back: one partition, normally one polled batch and one transaction.
        send(trialReminder(customer, 3));
        send(second);
        send(trialReminder(customer, 1));

        awaitMails(customer, 2);
        awaitQueued(mailOf(second), mail -> status(mail, MailStatus.PENDING) && mail.getAttempts() == 1
                && mail.getLastError().contains("451"));
        CLOCK.advance(PAST_ANY_BACKOFF);
        awaitQueued(mailOf(second), mail -> mail.getAttempts() == 2);
        assertThat(counted("sparks.mails.failed", "kind", "transient")).isGreaterThanOrEqualTo(transientBefore + 2);

        FAULTS.accept("trial ends in 2 days");
        CLOCK.advance(PAST_ANY_BACKOFF);

        awaitMails(customer, 3);
        severalSenderRuns();
        assertThat(subjects(customer)).containsExactlyInAnyOrder("Your Starter trial ends in 3 days",
                "Your Starter trial ends in 1 day", "Your Starter trial ends in 2 days");
        assertThat(awaitQueued(mailOf(second), mail -> status(mail, MailStatus.SENT)).getAttempts()).isEqualTo(3);
        assertThat(db.fetchCount(OUTBOX_EVENT, OUTBOX_EVENT.TOPIC.eq(Topics.NOTIFICATION_EVENTS.name()),
                OUTBOX_EVENT.MESSAGE_KEY.eq(customer))).isEqualTo(3);
    }

    @Test
    void aMailRefusedForGoodIsDeadLetteredWithTheReasonAndNotRetried() {
        String customer = customerWithEmail("refused", "Ada");
        FAULTS.refuse("trial ends in 4 days", "550 5.1.1 Mailbox unavailable");
        double permanentBefore = counted("sparks.mails.failed", "kind", "permanent");
        SubscriptionNotice notice = trialReminder(customer, 4);
        send(notice);

        List<DeadLetter> letters = TopicReader.read(Topics.NOTIFICATION_DEAD_LETTERS,
                letter -> customer.equals(letter.getCustomerId()), 1, WAIT);
        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(letter.getReason()).contains(mailOf(notice)).contains("550 5.1.1 Mailbox unavailable");
            assertThat(letter.getOriginalEventId()).isEqualTo(notice.getEventId());
            assertThat(letter.getSourceTopic()).isEqualTo(Topics.SUBSCRIPTION_NOTICES.name());
        });
        assertThat(counted("sparks.mails.failed", "kind", "permanent")).isEqualTo(permanentBefore + 1);

        CLOCK.advance(PAST_ANY_BACKOFF);
        severalSenderRuns();
        MailQueueRecord mail = awaitQueued(mailOf(notice), queued -> status(queued, MailStatus.FAILED));
        assertThat(mail.getAttempts()).isEqualTo(1);
        assertThat(mail.getLastError()).contains("550");
        FAULTS.accept("trial ends in 4 days");
    }

    @Test
    void aMailToAnAddressThatIsNoAddressIsDeadLetteredWithoutAskingSmtp() {
        String customer = customerWithEmail("malformed", "Ada");
        db.update(CONTACT).set(CONTACT.EMAIL, "<" + customer + "@example.com").where(CONTACT.CUSTOMER_ID.eq(customer)).execute();
        SubscriptionNotice notice = trialReminder(customer, 8);
        send(notice);

        List<DeadLetter> letters = TopicReader.read(Topics.NOTIFICATION_DEAD_LETTERS,
                letter -> customer.equals(letter.getCustomerId()), 1, WAIT);
        assertThat(letters).singleElement().extracting(DeadLetter::getReason).asString()
                .contains("Invalid address <" + customer + "@example.com");
        assertThat(awaitQueued(mailOf(notice), mail -> status(mail, MailStatus.FAILED)).getAttempts()).isEqualTo(1);
    }

    @Test
    void whileSmtpIsDownNothingIsLostAndOnceItIsBackNothingIsSentTwice() {
        String ada = customerWithEmail("down-a", "Ada");
        String lin = customerWithEmail("down-b", "Lin");
        List<SubscriptionNotice> notices = List.of(trialReminder(ada, 5), trialReminder(ada, 6), trialReminder(lin, 5));
        stopSmtp();
        try {
            notices.forEach(this::send);
            notices.forEach(notice -> awaitQueued(mailOf(notice), mail -> mail.getAttempts() >= 1
                    && status(mail, MailStatus.PENDING)));
            CLOCK.advance(PAST_ANY_BACKOFF);
            notices.forEach(notice -> awaitQueued(mailOf(notice), mail -> mail.getAttempts() >= 2));
        } finally {
            startSmtp();
        }
        CLOCK.advance(PAST_ANY_BACKOFF);

        awaitMails(ada, 2);
        awaitMails(lin, 1);
        severalSenderRuns();
        assertThat(subjects(ada)).containsExactlyInAnyOrder("Your Starter trial ends in 5 days", "Your Starter trial ends in 6 days");
        assertThat(subjects(lin)).containsExactly("Your Starter trial ends in 5 days");
        assertThat(db.fetchCount(SENT_NOTIFICATION, SENT_NOTIFICATION.CUSTOMER_ID.in(ada, lin))).isEqualTo(3);
    }

    @Test
    void whileTheConnectionIsRefusedMailsWaitAndAreSentOnceItIsAccepted() {
        String customer = customerWithEmail("refused-connection", "Ada");
        SubscriptionNotice notice = trialReminder(customer, 11);
        FAULTS.down();
        try {
            send(notice);
            MailQueueRecord waiting = awaitQueued(mailOf(notice), mail -> mail.getAttempts() >= 1);
            assertThat(waiting.getLastError()).contains("Connection refused");
        } finally {
            FAULTS.up();
        }
        CLOCK.advance(PAST_ANY_BACKOFF);

        awaitMails(customer, 1);
        severalSenderRuns();
        assertThat(mailTo(customer)).hasSize(1);
    }

    @Test
    void aMailForACustomerWithoutAnAddressIsSentOnceTheAddressArrivesAndIsNoDeadLetter() {
        String customer = customerWithoutEmail("later");
        SubscriptionNotice notice = trialReminder(customer, 7);
        send(notice);
        awaitQueued(mailOf(notice), mail -> status(mail, MailStatus.AWAITING_ADDRESS));
        severalSenderRuns();
        assertThat(mailTo(customer)).isEmpty();

        addressArrives(customer, "Grace");

        awaitMails(customer, 1);
        assertThat(body(mailTo(customer).getFirst())).startsWith("Hello Grace,").contains("trial ends on");
        // A newer state for the same customer releases nothing a second time.
        addressArrives(customer, "Grace");
        severalSenderRuns();
        assertThat(mailTo(customer)).hasSize(1);
        assertThat(TopicReader.read(Topics.NOTIFICATION_DEAD_LETTERS,
                letter -> customer.equals(letter.getCustomerId()), 1, Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void aMailQueuedWhileItsAddressWasBeingStoredIsStillSent() {
        String customer = customerWithoutEmail("crossed");
        SubscriptionNotice notice = trialReminder(customer, 10);
        send(notice);
        awaitQueued(mailOf(notice), mail -> status(mail, MailStatus.AWAITING_ADDRESS));

        // The address is stored without the contacts stage's release, as when the two transactions cross.
        storeAddress(customer, "Ada");

        awaitMails(customer, 1);
        assertThat(body(mailTo(customer).getFirst())).startsWith("Hello Ada,");
    }

    @Test
    void aMailStillWithoutAnAddressAfterTheRetentionIsDroppedAndCounted() {
        String customer = customerWithoutEmail("never");
        SubscriptionNotice notice = trialReminder(customer, 7);
        send(notice);
        awaitQueued(mailOf(notice), mail -> status(mail, MailStatus.AWAITING_ADDRESS));
        double droppedBefore = counted("sparks.notifications.dropped", "reason", "no_address");

        CLOCK.advance(Duration.ofDays(6));
        severalSenderRuns();
        assertThat(awaitQueued(mailOf(notice), mail -> true).getStatus()).isEqualTo(MailStatus.AWAITING_ADDRESS.column());

        CLOCK.advance(Duration.ofDays(1).plusMinutes(1));
        MailQueueRecord dropped = awaitQueued(mailOf(notice), mail -> status(mail, MailStatus.DROPPED));
        assertThat(dropped.getLastError()).contains("No email address on file");
        assertThat(counted("sparks.notifications.dropped", "reason", "no_address")).isGreaterThanOrEqualTo(droppedBefore + 1);

        addressArrives(customer, "Grace");
        severalSenderRuns();
        assertThat(mailTo(customer)).isEmpty();
        assertThat(TopicReader.read(Topics.NOTIFICATION_DEAD_LETTERS,
                letter -> customer.equals(letter.getCustomerId()), 1, Duration.ofSeconds(2))).isEmpty();
    }
}
