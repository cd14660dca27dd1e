package dev.sparks.notification;

import static dev.sparks.notification.NotificationTestSupport.NOW;

import dev.sparks.schemas.subscription.SubscriptionNotice;
import dev.sparks.schemas.subscription.SubscriptionNoticeType;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Consumer;

/** subscription.notices.v1 records as subscription-service writes them. */
public final class Notices {

    private Notices() {}

    public static SubscriptionNotice notice(String customer, SubscriptionNoticeType type, String plan,
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

    /** Its mail's subject is "Your Starter trial ends in {daysLeft} days". */
    public static SubscriptionNotice trialReminder(String customer, int daysLeft) {
        return notice(customer, SubscriptionNoticeType.TRIAL_REMINDER, "starter", n -> n
                .setTrialEndsAt(NOW.plus(Duration.ofDays(daysLeft))).setDaysLeft(daysLeft));
    }

    /** The reference of the mail about {@code notice}. */
    public static String mailOf(SubscriptionNotice notice) {
        return "notice:" + notice.getEventId();
    }
}
