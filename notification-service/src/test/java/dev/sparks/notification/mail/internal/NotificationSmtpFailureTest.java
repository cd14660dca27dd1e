package dev.sparks.notification.mail.internal;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailSendException;

/** Which SMTP failures are worth another try, and how long the sender waits before it. */
class NotificationSmtpFailureTest {

    private static MailSendException refused(String reply) {
        SendFailedException failed = new SendFailedException("Invalid Addresses");
        failed.setNextException(new MessagingException(reply));
        return new MailSendException(Map.of(new Object(), failed));
    }

    @Test
    void aFiveHundredReplyOrABadAddressIsPermanentAndAFourHundredReplyOrNoConnectionIsNot() {
        assertThat(SmtpFailure.of(refused("550 5.1.1 Mailbox unavailable\n")))
                .isEqualTo(new SmtpFailure(true, "SMTP replied 550 5.1.1 Mailbox unavailable"));
        assertThat(SmtpFailure.of(refused("451 4.3.0 Try again later")).permanent()).isFalse();
        assertThat(SmtpFailure.of(new MailParseException("Illegal address", null)).permanent()).isTrue();
        SmtpFailure down = SmtpFailure.of(new MailSendException("Mail server connection failed",
                new MessagingException("Couldn't connect to host", new ConnectException("Connection refused"))));
        assertThat(down.permanent()).isFalse();
        assertThat(down.reason()).contains("Connection refused");
    }

    @Test
    void theWaitDoublesPerFailureUpToTheCapAndJitterOnlyShortensIt() {
        Backoff backoff = new Backoff(Duration.ofSeconds(30), Duration.ofHours(1));
        RandomGenerator longest = new RandomGenerator() {
            @Override
            public long nextLong() {
                return Long.MAX_VALUE;
            }

            @Override
            public long nextLong(long bound) {
                return bound - 1;
            }
        };
        assertThat(backoff.after(1, longest)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.after(2, longest)).isEqualTo(Duration.ofMinutes(1));
        assertThat(backoff.after(4, longest)).isEqualTo(Duration.ofMinutes(4));
        assertThat(backoff.after(40, longest)).isEqualTo(Duration.ofHours(1));
        RandomGenerator random = RandomGenerator.getDefault();
        for (int i = 0; i < 100; i++) {
            assertThat(backoff.after(3, random)).isBetween(Duration.ofMinutes(1), Duration.ofMinutes(2));
        }
    }
}
