package dev.sparks.notification.deadletter;

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

    DeadLetterRedriver(FailedMailRedriver failedMails, NoAddressLetterRedriver noAddressLetters) {
        this.failedMails = failedMails;
        this.noAddressLetters = noAddressLetters;
    }

    public RedriveReport redrive(String reference, String customerId) {
        FailedMailRedriver.Outcome mails = failedMails.redrive(reference, customerId);
        NoAddressLetterRedriver.Outcome letters = reference == null
                ? noAddressLetters.redrive(customerId) : new NoAddressLetterRedriver.Outcome(0, 0);
        return new RedriveReport(mails.redriven(), mails.references(), letters.republished(), letters.alreadyRedriven());
    }
}
