package dev.sparks.notification.notice;

import static dev.sparks.notification.mail.MailText.quantity;

import dev.sparks.notification.mail.Mail;
import dev.sparks.notification.mail.MailText;
import dev.sparks.platform.messaging.RecordRejectedException;
import dev.sparks.schemas.subscription.SubscriptionNotice;
import dev.sparks.schemas.subscription.SubscriptionNoticeType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The text of the mails about a subscription notice. Proration charges and credits get none: they
 * show on the next invoice. Notices carry the plan's id, not its display name, so the id is shown
 * capitalized ({@code starter}: Starter). The greeting is not part of the text: the sender writes it
 * from the contact on file when the mail goes out.
 */
final class NoticeMail {

    private static final DateTimeFormatter MOMENT = DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private NoticeMail() {}

    static boolean mailed(SubscriptionNoticeType type) {
        return switch (type) {
            case TRIAL_REMINDER, TRIAL_ENDED, THRESHOLD_CROSSED, USAGE_SPIKE -> true;
            case PRORATION_CHARGE, PRORATION_CREDIT, UNKNOWN -> false;
        };
    }

    /** @throws RecordRejectedException for a notice without the fields its mail needs, which no retry would fix */
    static Mail of(SubscriptionNotice notice) {
        return switch (notice.getType()) {
            case TRIAL_REMINDER -> trialReminder(notice);
            case TRIAL_ENDED -> trialEnded(notice);
            case THRESHOLD_CROSSED -> threshold(notice);
            case USAGE_SPIKE -> spike(notice);
            case PRORATION_CHARGE, PRORATION_CREDIT, UNKNOWN ->
                    throw new IllegalArgumentException(notice.getType() + " notices are not mailed");
        };
    }

    private static <T> T required(SubscriptionNotice notice, String field, T value) {
        if (value == null) {
            throw new RecordRejectedException(notice.getType() + " notice " + notice.getEventId() + " has no " + field);
        }
        return value;
    }

    private static Mail trialReminder(SubscriptionNotice notice) {
        String plan = plan(notice);
        int days = required(notice, "days_left", notice.getDaysLeft());
        Instant end = required(notice, "trial_ends_at", notice.getTrialEndsAt());
        return new Mail("Your " + plan + " trial ends in " + days + (days == 1 ? " day" : " days"),
                "your " + plan + " trial ends on " + MOMENT.format(end) + ".\n"
                        + "To keep the " + plan + " plan after that, add a payment method before then.\n"
                        + signature());
    }

    private static Mail trialEnded(SubscriptionNotice notice) {
        String plan = plan(notice);
        return new Mail("Your " + plan + " trial has ended",
                "your " + plan + " trial ended on "
                        + MOMENT.format(required(notice, "trial_ends_at", notice.getTrialEndsAt())) + ".\n"
                        + "Your billing settings show the plan you are on now; you can subscribe to " + plan
                        + " there at any time.\n"
                        + signature());
    }

    /**
     * "You have used 125% of your 10,000 monthly Sparks": the share actually used, which may be past
     * the mark the notice is for (80, 90 or 100) when usage jumped over several marks at once.
     */
    private static Mail threshold(SubscriptionNotice notice) {
        String what = metric(notice.getMetric());
        int mark = required(notice, "threshold_percent", notice.getThresholdPercent());
        BigDecimal used = required(notice, "used", notice.getUsed());
        BigDecimal limit = required(notice, "limit", notice.getLimit());
        int percent = limit.signum() > 0 ? MailText.percent(used, limit) : mark;
        String text = "you have used " + quantity(used) + " of the " + quantity(limit)
                + " " + what + " included in your " + plan(notice) + " plan for "
                + MailText.days(required(notice, "period_start", notice.getPeriodStart()),
                        required(notice, "period_end", notice.getPeriodEnd()))
                + " (" + percent + "%).\n"
                + (percent >= 100
                        ? "You have reached the limit. Upgrade your plan if you need more this month.\n"
                        : "Upgrade your plan before you reach the limit if you expect to need more this month.\n")
                + signature();
        return new Mail("You have used " + percent + "% of your " + quantity(limit) + " monthly " + what, text);
    }

    private static Mail spike(SubscriptionNotice notice) {
        String what = metric(notice.getMetric());
        Instant from = required(notice, "period_start", notice.getPeriodStart());
        return new Mail("Unusual usage on your Sparks account",
                "from " + HOUR.format(from) + " to "
                        + HOUR.format(required(notice, "period_end", notice.getPeriodEnd())) + " UTC on "
                        + MailText.day(from) + " you used " + quantity(required(notice, "used", notice.getUsed()))
                        + " " + what + ", far above your recent average of "
                        + quantity(required(notice, "limit", notice.getLimit()))
                        + " " + what + " an hour.\n"
                        + "If you did not expect this, check which apps use your keys.\n"
                        + signature());
    }

    private static String signature() {
        return "\nThank you for using Sparks.\n";
    }

    private static String plan(SubscriptionNotice notice) {
        String id = notice.getPlan();
        return id.isEmpty() ? id : Character.toUpperCase(id.charAt(0)) + id.substring(1);
    }

    /** {@code sparks} or a feature name ({@code ai_tokens}: ai tokens). */
    private static String metric(String metric) {
        return metric == null || metric.equals("sparks") ? "Sparks" : metric.replace('_', ' ');
    }
}
