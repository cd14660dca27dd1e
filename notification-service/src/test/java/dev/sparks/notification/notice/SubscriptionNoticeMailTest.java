package dev.sparks.notification.notice;

import static dev.sparks.notification.persistence.jooq.Tables.SENT_NOTIFICATION;
import static dev.sparks.platform.persistence.jooq.Tables.OUTBOX_EVENT;
import static dev.sparks.platform.persistence.jooq.Tables.PROCESSED_EVENT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.notification.NotificationTestSupport;
import dev.sparks.platform.testing.TopicReader;
import dev.sparks.schemas.deadletter.DeadLetter;
import dev.sparks.schemas.subscription.SubscriptionNotice;
import dev.sparks.schemas.subscription.SubscriptionNoticeType;
import dev.sparks.schemas.topic.Topics;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * subscription.notices.v1 to the customer's mailbox, through the real broker, database and an
 * SMTP server (GreenMail): one mail per notice however often it is delivered, none for proration.
 */
class SubscriptionNoticeMailTest extends NotificationTestSupport {

    private static SubscriptionNotice notice(String customer, SubscriptionNoticeType type, String plan,
            Consumer<SubscriptionNotice.Builder> details) {
        SubscriptionNotice.Builder builder = SubscriptionNotice.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(NOW)
                .setCustomerId(customer)
                .setProducer("subscription-service")
                .setType(type)
                .setReference(type + ":" + UUID.randomUUID())
                .setPlan(plan);
        details.accept(builder);
        return builder.build();
    }

    private static SubscriptionNotice trialReminder(String customer, int daysLeft) {
        return notice(customer, SubscriptionNoticeType.TRIAL_REMINDER, "starter", n -> n
                .setTrialEndsAt(NOW.plus(Duration.ofDays(daysLeft))).setDaysLeft(daysLeft));
    }

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
        assertThat(db.fetchCount(SENT_NOTIFICATION, SENT_NOTIFICATION.REFERENCE.eq("notice:" + reminder.getEventId())))
                .isEqualTo(1);
        assertThat(db.fetchCount(OUTBOX_EVENT, OUTBOX_EVENT.TOPIC.eq(Topics.NOTIFICATION_EVENTS.name()),
                OUTBOX_EVENT.MESSAGE_KEY.eq(customer))).isEqualTo(2);
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
                .contains("8,000 of the 10,000 Sparks included in your Free plan for 1 October 2026 to 1 November 2026")
                .contains("before you reach the limit");
        assertThat(body(mailTo(customer).getLast())).contains("You have reached the limit");
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
        assertThat(db.fetchCount(SENT_NOTIFICATION, SENT_NOTIFICATION.CUSTOMER_ID.eq(customer))).isEqualTo(2);
    }

    @Test
    void withoutAnAddressOnFileTheNoticeIsDeadLetteredLikeAnInvoiceAndOthersStillGo() {
        String nobody = "no-email-" + UUID.randomUUID().toString().substring(0, 8);
        SubscriptionNotice unreachable = trialReminder(nobody, 7);
        send(unreachable);
        // A proration notice needs no address, so it is not dead-lettered for lack of one.
        SubscriptionNotice credit = notice(nobody, SubscriptionNoticeType.PRORATION_CREDIT, "free", n -> n.setAmountMinor(-500L));
        send(credit);
        String customer = customerWithEmail("reachable", "Lin");
        send(trialReminder(customer, 7));

        List<DeadLetter> letters = TopicReader.read(Topics.NOTIFICATION_DEAD_LETTERS,
                letter -> nobody.equals(letter.getCustomerId()), 1, WAIT);
        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(letter.getOriginalEventId()).isEqualTo(unreachable.getEventId());
            assertThat(letter.getReason()).contains("No email address on file");
        });
        awaitMails(customer, 1);
        Awaitility.await().atMost(WAIT).until(() -> db.fetchExists(PROCESSED_EVENT,
                PROCESSED_EVENT.CONSUMER.eq("notification-subscription-notices"), PROCESSED_EVENT.EVENT_ID.eq(credit.getEventId())));
        assertThat(db.fetchCount(SENT_NOTIFICATION, SENT_NOTIFICATION.CUSTOMER_ID.eq(nobody))).isZero();
    }
}
