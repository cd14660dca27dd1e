package dev.sparks.payment;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sparks.payment.*}. The Stripe settings are also read from {@code STRIPE_SECRET_KEY},
 * {@code STRIPE_WEBHOOK_SECRET} (comma-separated during a rotation) and {@code STRIPE_API_BASE}
 * (application.yaml). Without a secret key payments are off: requests are recorded, nothing is
 * charged and invoices stay open.
 *
 * @param secretKey        Stripe secret key ({@code sk_test_…}, {@code sk_live_…}); empty: payments off
 * @param webhookSecrets   signing secrets of the webhook endpoint ({@code whsec_…}); each is tried
 * @param apiBase          Stripe's API, or a stand-in speaking it
 * @param connectTimeout   connecting to Stripe
 * @param readTimeout      waiting for Stripe's answer; a timeout is retried with the same key
 * @param webhookTolerance how old a webhook's signed timestamp may be (Stripe's default: 300 s)
 * @param retry            retries of one Stripe call on network errors, 429 and 5xx
 * @param breaker          the circuit breaker in front of Stripe
 * @param chargeInterval   how often the charge worker looks for due attempts (0: never, tests)
 * @param webhookInterval  how often stored webhooks are processed (0: never, tests)
 * @param janitorInterval  how often the janitor runs (0: never, tests)
 * @param janitorAfter     a payment processing or awaiting action this long without news is re-read from Stripe
 * @param checkoutSuccessUrl where Checkout sends the customer after saving a card
 * @param checkoutCancelUrl  where Checkout sends a customer who gave up
 * @param portalReturnUrl    where the billing portal's "return" link goes
 * @param dunning            when a declined card is tried again
 */
@ConfigurationProperties("sparks.payment")
public record PaymentProperties(
        @DefaultValue("") String secretKey,
        @DefaultValue List<String> webhookSecrets,
        @DefaultValue("https://api.stripe.com") String apiBase,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("30s") Duration readTimeout,
        @DefaultValue("300s") Duration webhookTolerance,
        @DefaultValue Retry retry,
        @DefaultValue Breaker breaker,
        @DefaultValue("1s") Duration chargeInterval,
        @DefaultValue("200ms") Duration webhookInterval,
        @DefaultValue("1m") Duration janitorInterval,
        @DefaultValue("1h") Duration janitorAfter,
        @DefaultValue("http://localhost:8085/billing/payment-method/done") String checkoutSuccessUrl,
        @DefaultValue("http://localhost:8085/billing/payment-method/canceled") String checkoutCancelUrl,
        @DefaultValue("http://localhost:8085/billing") String portalReturnUrl,
        @DefaultValue Dunning dunning) {

    public boolean enabled() {
        return secretKey != null && !secretKey.isBlank();
    }

    public List<String> signingSecrets() {
        return webhookSecrets.stream().map(String::trim).filter(secret -> !secret.isEmpty()).toList();
    }

    /**
     * @param maxAttempts    tries of one call, the first included
     * @param initialBackoff wait before the second try; doubles, with ±50% jitter
     * @param attemptBackoff when a call's tries are used up, the attempt waits this long in the database
     */
    public record Retry(@DefaultValue("4") int maxAttempts, @DefaultValue("500ms") Duration initialBackoff,
            @DefaultValue("1m") Duration attemptBackoff) {}

    /**
     * @param failureRatePercent transient failures (network, 429, 5xx) among the last calls that open it
     * @param window             calls it looks at
     * @param openFor            how long it stays open before letting a few calls probe
     */
    public record Breaker(@DefaultValue("50") int failureRatePercent, @DefaultValue("10") int window,
            @DefaultValue("30s") Duration openFor) {}

    /**
     * @param retryAfter each retry of a declined payment, counted from its first failure; after the
     *                   last the payment is given up (final attempt) and the services' policies apply
     */
    public record Dunning(@DefaultValue({"3d", "5d", "7d"}) List<Duration> retryAfter) {}
}
