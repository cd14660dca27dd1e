package dev.sparks.notification.notice;

import dev.sparks.notification.mail.Mailer.Mail;
import dev.sparks.platform.messaging.RecordRejectedException;
import dev.sparks.schemas.subscription.SubscriptionNotice;
import dev.sparks.schemas.subscription.SubscriptionNoticeType;
import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The text of the mails about a subscription notice. Proration charges and credits get none: they
 * show on the next invoice. Notices carry the plan's id, not its display name, so the id is shown
 * capitalized ({@code starter}: Starter).
 */
final class NoticeMail {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
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
    static Mail of(SubscriptionNotice notice, String name) {
        return switch (notice.getType()) {
            case TRIAL_REMINDER -> trialReminder(notice, name);
            case TRIAL_ENDED -> trialEnded(notice, name);
            case THRESHOLD_CROSSED -> threshold(notice, name);
            case USAGE_SPIKE -> spike(notice, name);
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

    private static Mail trialReminder(SubscriptionNotice notice, String name) {
        String plan = plan(notice);
        int days = required(notice, "days_left", notice.getDaysLeft());
        Instant end = required(notice, "trial_ends_at", notice.getTrialEndsAt());
        return new Mail("Your " + plan + " trial ends in " + days + (days == 1 ? " day" : " days"),
                greeting(name)
                        + "your " + plan + " trial ends on " + MOMENT.format(end) + ".\n"
                        + "To keep the " + plan + " plan after that, add a payment method before then.\n"
                        + signature());
    }

    private static Mail trialEnded(SubscriptionNotice notice, String name) {
        String plan = plan(notice);
        return new Mail("Your " + plan + " trial has ended",
                greeting(name)
                        + "your " + plan + " trial ended on "
                        + MOMENT.format(required(notice, "trial_ends_at", notice.getTrialEndsAt())) + ".\n"
                        + "Your billing settings show the plan you are on now; you can subscribe to " + plan
                        + " there at any time.\n"
                        + signature());
    }

    /** "You have used 80% of your 10,000 monthly Sparks": a warning before the limit, and at it. */
    private static Mail threshold(SubscriptionNotice notice, String name) {
        String what = metric(notice.getMetric());
        int percent = required(notice, "threshold_percent", notice.getThresholdPercent());
        BigDecimal limit = required(notice, "limit", notice.getLimit());
        String text = greeting(name)
                + "you have used " + number(required(notice, "used", notice.getUsed())) + " of the " + number(limit)
                + " " + what + " included in your " + plan(notice) + " plan for "
                + DAY.format(required(notice, "period_start", notice.getPeriodStart())) + " to "
                + DAY.format(required(notice, "period_end", notice.getPeriodEnd())) + " (" + percent + "%).\n"
                + (percent >= 100
                        ? "You have reached the limit. Upgrade your plan if you need more this month.\n"
                        : "Upgrade your plan before you reach the limit if you expect to need more this month.\n")
                + signature();
        return new Mail("You have used " + percent + "% of your " + number(limit) + " monthly " + what, text);
    }

    private static Mail spike(SubscriptionNotice notice, String name) {
        String what = metric(notice.getMetric());
        Instant from = required(notice, "period_start", notice.getPeriodStart());
        return new Mail("Unusual usage on your Sparks account",
                greeting(name)
                        + "from " + HOUR.format(from) + " to "
                        + HOUR.format(required(notice, "period_end", notice.getPeriodEnd())) + " UTC on "
                        + DAY.format(from) + " you used " + number(required(notice, "used", notice.getUsed())) + " " + what
                        + ", far above your recent average of " + number(required(notice, "limit", notice.getLimit()))
                        + " " + what + " an hour.\n"
                        + "If you did not expect this, check which apps use your keys.\n"
                        + signature());
    }

    private static String greeting(String name) {
        return "Hello " + name + ",\n\n";
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

    /** Grouped and exact: 10000.000000 is "10,000", 1234.5 is "1,234.5". */
    private static String number(BigDecimal amount) {
        DecimalFormat format = new DecimalFormat("#,##0.######", DecimalFormatSymbols.getInstance(Locale.ENGLISH));
        format.setParseBigDecimal(true);
        return format.format(amount);
    }
}
