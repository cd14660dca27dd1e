package dev.sparks.payment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.schemas.invoice.InvoiceEvent;
import dev.sparks.schemas.payment.PaymentEvent;
import dev.sparks.schemas.payment.PaymentEventType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Dunning under a pinned clock: a declined card is tried again 3, 5 and 7 days after its first
 * failure (four attempts at most), each failure announcing the next attempt, the last one final;
 * a customer who saves another card is charged at once and dunning stops.
 */
class DunningTest extends PaymentTestSupport {

    private List<PaymentEvent> failures(String customer) {
        return announced(customer).stream().filter(event -> event.getType() == PaymentEventType.FAILED).toList();
    }

    private PaymentEvent awaitFailure(String customer, int attempt) {
        await(() -> failures(customer).size() >= attempt, "failure of attempt " + attempt);
        return failures(customer).get(attempt - 1);
    }

    @Test
    void aDeclinedCardIsRetriedThreeFiveAndSevenDaysAfterItsFirstFailureThenGivenUp() {
        String customer = newCustomer("dunned");
        customerSavesCard(customer, "pm_card_chargeDeclinedInsufficientFunds");
        Instant firstFailure = CLOCK.instant();
        InvoiceEvent invoice = invoiceFinalized(customer, 4_200);

        PaymentEvent first = awaitFailure(customer, 1);
        assertThat(first.getDeclineCode()).isEqualTo("insufficient_funds");
        assertThat(first.getNextAttemptAt()).isEqualTo(firstFailure.plus(Duration.ofDays(3)));
        assertThat(first.getFinalAttempt()).isFalse();

        CLOCK.advance(Duration.ofDays(3).minusMinutes(1));
        sleepPastAChargeRun();
        assertThat(stripeIntentsFor(invoice)).as("not due a minute early").isEqualTo(1);

        CLOCK.advance(Duration.ofMinutes(1));
        assertThat(awaitFailure(customer, 2).getNextAttemptAt()).isEqualTo(firstFailure.plus(Duration.ofDays(5)));
        CLOCK.set(firstFailure.plus(Duration.ofDays(5)));
        assertThat(awaitFailure(customer, 3).getNextAttemptAt()).isEqualTo(firstFailure.plus(Duration.ofDays(7)));
        CLOCK.set(firstFailure.plus(Duration.ofDays(7)));
        PaymentEvent last = awaitFailure(customer, 4);

        assertThat(last.getAttempt()).isEqualTo(4);
        assertThat(last.getFinalAttempt()).as("dunning is exhausted").isTrue();
        assertThat(last.getNextAttemptAt()).isNull();
        CLOCK.advance(Duration.ofDays(30));
        sleepPastAChargeRun();
        assertThat(stripeIntentsFor(invoice)).as("four attempts, never a fifth").isEqualTo(4);
        assertThat(payment(invoice).getStatus()).isEqualTo("failed");
    }

    @Test
    void aCustomerWhoSavesAnotherCardIsChargedAtOnceAndDunningStops() {
        String customer = newCustomer("recovered");
        customerSavesCard(customer, "pm_card_chargeDeclined");
        InvoiceEvent invoice = invoiceFinalized(customer, 1_900);
        awaitFailure(customer, 1);

        customerSavesCard(customer, "pm_card_visa");
        awaitPayment(invoice, "succeeded");

        CLOCK.advance(Duration.ofDays(8));
        sleepPastAChargeRun();
        assertThat(stripeIntentsFor(invoice)).as("the declined charge and the one that paid").isEqualTo(2);
        assertThat(announcedTypes(customer)).containsExactly(PaymentEventType.REQUESTED, PaymentEventType.FAILED,
                PaymentEventType.SUCCEEDED);
    }

    /** The charge worker runs every 50 ms here; a few runs is long enough for a due attempt to be sent. */
    private static void sleepPastAChargeRun() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
