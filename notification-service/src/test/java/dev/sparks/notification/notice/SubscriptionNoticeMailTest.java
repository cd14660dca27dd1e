package dev.sparks.notification.notice;

import static dev.sparks.notification.Notices.notice;
import static dev.sparks.notification.Notices.trialReminder;
import static dev.sparks.notification.persistence.jooq.Tables.MAIL_QUEUE;
import static dev.sparks.notification.persistence.jooq.Tables.SENT_NOTIFICATION;
import static dev.sparks.platform.persistence.jooq.Tables.OUTBOX_EVENT;
import static dev.sparks.platform.persistence.jooq.Tables.PROCESSED_EVENT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.notification.NotificationTestSupport;
import dev.sparks.notification.Notices;
import dev.sparks.notification.mail.MailStatus;
import dev.sparks.platform.testing.TopicReader;
import dev.sparks.schemas.subscription.SubscriptionNotice;
import dev.sparks.schemas.subscription.SubscriptionNoticeType;
import dev.sparks.schemas.topic.Topics;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * subscription.notices.v1 to the customer's mailbox, through the real broker, database and an
 * SMTP server (GreenMail): one mail per notice however often it is delivered, none for proration;
 * dates and numbers as people write them.
 */
class SubscriptionNoticeMailTest extends NotificationTestSupport {

    private void send(SubscriptionNotice notice) {
        send(Topics.SUBSCRIPTION_NOTICES, notice.getCustomerId(), notice);
    }

    @Test
    void aTrialReminderIsMailedOnceHoweverOftenItIsDelivered() {
        String customer = customerWithEmail("trial", "Ada");
        SubscriptionNotice reminder = trialReminder(customer, 3);
        send(reminder);
        send(reminder);
        // Same key, same partition: once this one is mailed, the duplicate before it has been handled.
        send(trialReminder(customer, 1));

        awaitMails(customer, 2);
        assertThat(subjects(customer)).containsExactly("Your Starter trial ends in 3 days", "Your Starter trial ends in 1 day");
        String text = body(mailTo(customer).getFirst());
        assertThat(text).startsWith("Hello Ada,").contains("18 October 2026, 12:00 UTC").contains("payment method");
        // SMTP has the mail a moment before the sender's transaction commits what it recorded.
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(db.fetchCount(OUTBOX_EVENT,
                OUTBOX_EVENT.TOPIC.eq(Topics.NOTIFICATION_EVENTS.name()), OUTBOX_EVENT.MESSAGE_KEY.eq(customer))).isEqualTo(2));
        assertThat(db.fetchCount(SENT_NOTIFICATION, SENT_NOTIFICATION.REFERENCE.eq("notice:" + reminder.getEventId())))
                .isEqualTo(1);
    }

    @Test
    void thresholdsWarnBeforeTheLimitAndSayWhenItIsReached() {
        String customer = customerWithEmail("threshold", null);
        for (int percent : new int[] {80, 100}) {
            send(notice(customer, SubscriptionNoticeType.THRESHOLD_CROSSED, "free", n -> n
                    .setMetric("sparks").setThresholdPercent(percent)
                    .setUsed(new BigDecimal(percent * 100).setScale(6)).setLimit(new BigDecimal("10000.000000"))
                    .setPeriodStart(Instant.parse("2026-10-01T00:00:00Z")).setPeriodEnd(Instant.parse("2026-11-01T00:00:00Z"))));
        }

        awaitMails(customer, 2);
        assertThat(subjects(customer)).containsExactly("You have used 80% of your 10,000 monthly Sparks",
                "You have used 100% of your 10,000 monthly Sparks");
        String warning = body(mailTo(customer).getFirst());
        assertThat(warning).startsWith("Hello " + customer + ",")
                .contains("8,000 of the 10,000 Sparks included in your Free plan for 1–31 October 2026 (80%)")
                .contains("before you reach the limit");
        assertThat(body(mailTo(customer).getLast())).contains("You have reached the limit");
    }

    /** Usage jumped past every mark at once: one notice, for the 100% mark, saying what was really used. */
    @Test
    void aThresholdMailStatesTheShareReallyUsedNotOnlyTheMark() {
        String customer = customerWithEmail("threshold-jump", "Ada");
        send(notice(customer, SubscriptionNoticeType.THRESHOLD_CROSSED, "free", n -> n
                .setMetric("sparks").setThresholdPercent(100)
                .setUsed(new BigDecimal("12500.000000")).setLimit(new BigDecimal("10000.000000"))
                .setPeriodStart(Instant.parse("2026-11-15T00:00:00Z")).setPeriodEnd(Instant.parse("2026-12-15T00:00:00Z"))));

        awaitMails(customer, 1);
        assertThat(subjects(customer)).containsExactly("You have used 125% of your 10,000 monthly Sparks");
        assertThat(body(mailTo(customer).getFirst()))
                .contains("you have used 12,500 of the 10,000 Sparks included in your Free plan"
                        + " for 15 November – 14 December 2026 (125%)")
                .contains("You have reached the limit");
    }

    @Test
    void aUsageSpikeIsMailedAndProrationIsNot() {
        String customer = customerWithEmail("spike", "Grace");
        send(notice(customer, SubscriptionNoticeType.PRORATION_CHARGE, "pro", n -> n
                .setAmountMinor(4200L).setCurrency("USD").setDescription("Upgrade to pro")));
        send(notice(customer, SubscriptionNoticeType.USAGE_SPIKE, "starter", n -> n
                .setMetric("sparks").setUsed(new BigDecimal("2000.000000")).setLimit(new BigDecimal("100.000000"))
                .setPeriodStart(NOW).setPeriodEnd(NOW.plus(Duration.ofHours(1)))));
        send(notice(customer, SubscriptionNoticeType.TRIAL_ENDED, "starter", n -> n.setTrialEndsAt(NOW).setDaysLeft(0)));

        awaitMails(customer, 2);
        assertThat(subjects(customer)).containsExactly("Unusual usage on your Sparks account", "Your Starter trial has ended");
        assertThat(body(mailTo(customer).getFirst()))
                .contains("from 12:00 to 13:00 UTC on 15 October 2026 you used 2,000 Sparks")
                .contains("average of 100 Sparks an hour");
        send(notice(customer, SubscriptionNoticeType.USAGE_SPIKE, "starter", n -> n
                .setMetric("sparks").setUsed(new BigDecimal("12500.123456")).setLimit(new BigDecimal("260.456789"))
                .setPeriodStart(NOW).setPeriodEnd(NOW.plus(Duration.ofHours(1)))));
        awaitMails(customer, 3);
        assertThat(body(mailTo(customer).getLast())).contains("you used 12,500.12 Sparks, far above your recent average"
                + " of 260.46 Sparks an hour");
        Awaitility.await().atMost(WAIT).untilAsserted(() ->
                assertThat(db.fetchCount(SENT_NOTIFICATION, SENT_NOTIFICATION.CUSTOMER_ID.eq(customer))).isEqualTo(3));
        assertThat(db.fetchCount(MAIL_QUEUE, MAIL_QUEUE.CUSTOMER_ID.eq(customer))).isEqualTo(3);
    }

    @Test
    void withoutAnAddressOnFileTheNoticeWaitsForItAndOthersStillGo() {
        String nobody = customerWithoutEmail("no-email");
        SubscriptionNotice unreachable = trialReminder(nobody, 7);
        send(unreachable);
        // A proration notice needs no mail, so nothing is queued for it.
        SubscriptionNotice credit = notice(nobody, SubscriptionNoticeType.PRORATION_CREDIT, "free", n -> n.setAmountMinor(-500L));
        send(credit);
        String customer = customerWithEmail("reachable", "Lin");
        send(trialReminder(customer, 7));

        awaitMails(customer, 1);
        awaitQueued(Notices.mailOf(unreachable), mail -> mail.getStatus().equals(MailStatus.AWAITING_ADDRESS.column()));
        Awaitility.await().atMost(WAIT).until(() -> db.fetchExists(PROCESSED_EVENT,
                PROCESSED_EVENT.CONSUMER.eq("notification-subscription-notices"), PROCESSED_EVENT.EVENT_ID.eq(credit.getEventId())));
        assertThat(db.fetchCount(MAIL_QUEUE, MAIL_QUEUE.CUSTOMER_ID.eq(nobody))).isEqualTo(1);
        assertThat(db.fetchCount(SENT_NOTIFICATION, SENT_NOTIFICATION.CUSTOMER_ID.eq(nobody))).isZero();
        assertThat(TopicReader.read(Topics.NOTIFICATION_DEAD_LETTERS,
                letter -> nobody.equals(letter.getCustomerId()), 1, Duration.ofSeconds(2))).isEmpty();
    }
}
