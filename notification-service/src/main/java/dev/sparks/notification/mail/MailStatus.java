package dev.sparks.notification.mail;

/** Where a queued mail stands; stored as {@link #column()} in {@code mail_queue.status}. */
public enum MailStatus {
    PENDING,
    AWAITING_ADDRESS,
    SENT,
    FAILED,
    DROPPED;

    public String column() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
