package dev.sparks.subscription.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparks.subscription.SubscriptionProperties;
import dev.sparks.subscription.SubscriptionProperties.PastDueUsage;
import dev.sparks.subscription.plan.RateLimit;
import dev.sparks.subscription.plan.RateLimit.Per;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class PastDuePolicyTest {

    private static final RateLimit ONE_A_SECOND = new RateLimit(1, Per.SECOND, 5);

    private static PastDuePolicy policy(PastDueUsage usage) {
        return new PastDuePolicy(usage, ONE_A_SECOND);
    }

    @Test
    void allowKeepsTheCustomersOwnLimitAndDeniesNothing() {
        RateLimit own = new RateLimit(200, Per.SECOND, 400);
        assertThat(policy(PastDueUsage.ALLOW).rateLimit(own)).isEqualTo(own);
        assertThat(policy(PastDueUsage.ALLOW).rateLimit(null)).isNull();
        assertThat(policy(PastDueUsage.ALLOW).denies()).isFalse();
    }

    @Test
    void throttleLowersTheLimitButNeverRaisesAStricterOne() {
        PastDuePolicy throttle = policy(PastDueUsage.THROTTLE);
        assertThat(throttle.rateLimit(null)).isEqualTo(ONE_A_SECOND);
        assertThat(throttle.rateLimit(new RateLimit(200, Per.SECOND, 400))).isEqualTo(ONE_A_SECOND);
        RateLimit tenAMinute = new RateLimit(10, Per.MINUTE, 10);
        assertThat(throttle.rateLimit(tenAMinute)).isEqualTo(tenAMinute);
        RateLimit sameRateSmallerBurst = new RateLimit(60, Per.MINUTE, 2);
        assertThat(throttle.rateLimit(sameRateSmallerBurst)).isEqualTo(sameRateSmallerBurst);
        assertThat(throttle.denies()).isFalse();
    }

    @Test
    void blockDenies() {
        assertThat(policy(PastDueUsage.BLOCK).denies()).isTrue();
    }

    @Test
    void theDefaultsThrottleToOneASecondWithABurstOfFiveAndPauseAfterTheLastFailure() {
        SubscriptionProperties defaults = bind(Map.of());
        assertThat(PastDuePolicy.of(defaults.dunning())).isEqualTo(new PastDuePolicy(PastDueUsage.THROTTLE, ONE_A_SECOND));
        assertThat(defaults.dunning().finalFailure()).isEqualTo(SubscriptionProperties.FinalFailure.PAUSE);

        SubscriptionProperties configured = bind(Map.of("sparks.subscription.dunning.final-failure", "cancel",
                "sparks.subscription.dunning.past-due-usage", "block"));
        assertThat(configured.dunning().finalFailure()).isEqualTo(SubscriptionProperties.FinalFailure.CANCEL);
        assertThat(PastDuePolicy.of(configured.dunning()).denies()).isTrue();
        assertThatThrownBy(() -> new SubscriptionProperties.Throttle(1, "hour", 5).limit())
                .hasMessageContaining("second or minute");
    }

    private static SubscriptionProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("sparks.subscription", SubscriptionProperties.class);
    }
}
