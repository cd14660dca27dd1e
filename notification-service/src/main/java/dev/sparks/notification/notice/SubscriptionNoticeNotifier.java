package dev.sparks.notification.notice;

import dev.sparks.notification.mail.Mailer;
import dev.sparks.schemas.subscription.SubscriptionNotice;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Emails the customer about trial reminders and ends, quota thresholds and usage spikes, once per
 * notice (reference {@code notice:<event id>}, see {@link Mailer}). Notices that need no mail are
 * skipped before the contact is looked up, so they never fail for want of an address.
 */
@Service
public class SubscriptionNoticeNotifier {

    private final Mailer mailer;

    SubscriptionNoticeNotifier(Mailer mailer) {
        this.mailer = mailer;
    }

    @Transactional
    public void noticed(SubscriptionNotice notice) {
        if (NoticeMail.mailed(notice.getType())) {
            mailer.send(notice.getCustomerId(), "notice:" + notice.getEventId(), name -> NoticeMail.of(notice, name));
        }
    }
}
