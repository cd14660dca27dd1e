package dev.sparks.payment.stripe;

import static dev.sparks.payment.persistence.jooq.Tables.STRIPE_AUDIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.exception.ApiException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.model.Event;
import dev.sparks.payment.PaymentProperties;
import dev.sparks.payment.PaymentTestSupport;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The way to Stripe on its own, with a breaker and retry of its own (the service's are shared by
 * every test): what is retried, what is not, and the breaker opening on a sustained outage.
 */
class StripeCallsTest extends PaymentTestSupport {

    @Autowired StripeAudit audit;

    private StripeCalls calls(int maxAttempts) {
        return calls(STRIPE_KEY, maxAttempts);
    }

    private StripeCalls calls(String secretKey, int maxAttempts) {
        return new StripeCalls(new PaymentProperties(secretKey, List.of(), STRIPE.apiBase(), Duration.ofSeconds(2),
                Duration.ofSeconds(2), Duration.ofMinutes(5), new PaymentProperties.Retry(maxAttempts, Duration.ofMillis(5),
                Duration.ofSeconds(1)), new PaymentProperties.Breaker(50, 4, Duration.ofMinutes(5)), Duration.ZERO,
                Duration.ZERO, Duration.ZERO, Duration.ofMinutes(10), "http://s", "http://c", "http://r",
                new PaymentProperties.Dunning(List.of(Duration.ofDays(3)))), audit,
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    private static long eventRequests() {
        return STRIPE.requests().stream().filter(request -> request.path().startsWith("/v1/events/")).count();
    }

    private static Event retrieve(StripeCalls calls, String id) throws Exception {
        return calls.call("events.retrieve", null, (client, options) -> client.v1().events().retrieve(id, options));
    }

    @Test
    void aRefusalIsNotRetriedAndIsAudited() {
        StripeCalls calls = calls(3);
        long before = eventRequests();

        assertThatThrownBy(() -> retrieve(calls, "evt_never_sent")).isInstanceOf(InvalidRequestException.class);

        assertThat(eventRequests() - before).isEqualTo(1);
        assertThat(db.fetchExists(STRIPE_AUDIT, STRIPE_AUDIT.OPERATION.eq("events.retrieve")
                .and(STRIPE_AUDIT.HTTP_STATUS.eq(404)).and(STRIPE_AUDIT.OUTCOME.eq("error")))).isTrue();
    }

    @Test
    void rateLimitsAndServerErrorsAreRetriedUntilStripeAnswers() {
        StripeCalls calls = calls(3);
        long before = eventRequests();
        STRIPE.failNext("/v1/events/", 1, 429);
        STRIPE.failNext("/v1/events/", 1, 503);

        assertThatThrownBy(() -> retrieve(calls, "evt_never_sent")).isInstanceOf(InvalidRequestException.class);

        assertThat(eventRequests() - before).as("429, 503, then Stripe's real answer").isEqualTo(3);
    }

    @Test
    void aSustainedOutageOpensTheBreakerAndLaterCallsDoNotReachStripe() {
        StripeCalls calls = calls(1);
        STRIPE.failNext("/v1/events/", 4, 500);
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> retrieve(calls, "evt_outage")).isInstanceOf(ApiException.class);
        }
        long before = eventRequests();

        assertThatThrownBy(() -> retrieve(calls, "evt_outage")).isInstanceOf(CallNotPermittedException.class);

        assertThat(eventRequests()).isEqualTo(before);
        assertThat(calls.breakerState()).isEqualTo(io.github.resilience4j.circuitbreaker.CircuitBreaker.State.OPEN);
    }

    @Test
    void withoutASecretKeyPaymentsAreOffAndNothingReachesStripe() {
        StripeCalls off = calls("", 3);
        long before = STRIPE.requests().size();

        assertThat(off.enabled()).isFalse();
        assertThatThrownBy(() -> retrieve(off, "evt_any")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Payments are off");
        assertThat(STRIPE.requests()).hasSize((int) before);
    }
}
