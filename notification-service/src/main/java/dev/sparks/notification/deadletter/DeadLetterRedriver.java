package dev.sparks.notification.deadletter;

import dev.sparks.platform.messaging.PipelineMeters;
import dev.sparks.schemas.topic.Topics;
import org.springframework.stereotype.Service;

/**
 * Re-drives notification's dead letters: the mails SMTP refused for good (from mail_queue) and the
 * stage letters written, before mails were queued, for a customer without an address (from the
 * topic). A reference names a mail, so with one only that mail is re-driven.
 */
@Service
public class DeadLetterRedriver {

    private final FailedMailRedriver failedMails;
    private final NoAddressLetterRedriver noAddressLetters;
    private final PipelineMeters meters;

    DeadLetterRedriver(FailedMailRedriver failedMails, NoAddressLetterRedriver noAddressLetters, PipelineMeters meters) {
        this.failedMails = failedMails;
        this.noAddressLetters = noAddressLetters;
        this.meters = meters;
    }

    public RedriveReport redrive(String reference, String customerId) {
        FailedMailRedriver.Outcome mails = failedMails.redrive(reference, customerId);
        NoAddressLetterRedriver.Outcome letters = reference == null
                ? noAddressLetters.redrive(customerId) : new NoAddressLetterRedriver.Outcome(0, 0);
        // Refused mails are counted by the mail metrics when they are sent again; these are topic letters.
        meters.redriven(Topics.NOTIFICATION_DEAD_LETTERS.name(), letters.republished());
        return new RedriveReport(mails.redriven(), mails.references(), letters.republished(), letters.alreadyRedriven());
    }
}
