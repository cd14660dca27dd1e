package dev.sparks.notification.notice;

import dev.sparks.notification.mail.MailQueue;
import dev.sparks.platform.messaging.ConsumedRecord;
import dev.sparks.schemas.subscription.SubscriptionNotice;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Queues the mail about a trial reminder or end, a quota threshold or a usage spike, once per
 * notice (reference {@code notice:<event id>}, see {@link MailQueue}). Notices that need no mail
 * (proration) are skipped.
 */
@Service
public class SubscriptionNoticeNotifier {

    private final MailQueue mails;

    SubscriptionNoticeNotifier(MailQueue mails) {
        this.mails = mails;
    }

    @Transactional
    public void noticed(ConsumedRecord<SubscriptionNotice> record) {
        SubscriptionNotice notice = record.value();
        if (NoticeMail.mailed(notice.getType())) {
            mails.enqueue(notice.getCustomerId(), "notice:" + notice.getEventId(),
                    MailQueue.Origin.of(record, notice.getEventId()), NoticeMail.of(notice));
        }
    }
}
