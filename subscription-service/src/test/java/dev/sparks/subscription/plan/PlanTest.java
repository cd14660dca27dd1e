package dev.sparks.subscription.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.platform.money.Money;
import dev.sparks.platform.money.Sparks;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanTest {

    private static Plan plan(long monthlyCents, String discount) {
        return new Plan("p", "P", 1, new Money(Money.USD, monthlyCents), new BigDecimal(discount), Sparks.of(1000),
                Plan.BILLED, BigDecimal.ZERO, null, "downgrade", "calendar", List.of(), null);
    }

    @Test
    void annualIsTwelveMonthsLessFifteenPercentWithTheSavingShown() {
        Plan starter = plan(2900, "15");
        assertThat(starter.annualPrice()).isEqualTo(new Money(Money.USD, 29580));
        assertThat(starter.annualSaving()).isEqualTo(new Money(Money.USD, 5220));
        assertThat(starter.price(BillingInterval.ANNUAL)).isEqualTo(starter.annualPrice());
        assertThat(starter.price(BillingInterval.MONTHLY)).isEqualTo(new Money(Money.USD, 2900));
    }

    @Test
    void theAnnualPriceIsRoundedHalfEvenToTheCentOnce() {
        // 12 x $0.99 = $11.88, less 15% = $10.098 -> $10.10
        assertThat(plan(99, "15").annualPrice()).isEqualTo(new Money(Money.USD, 1010));
        // 12 x $0.25 = $3.00, less 12.5% = $2.625 -> $2.62 (half-even)
        assertThat(plan(25, "12.5").annualPrice()).isEqualTo(new Money(Money.USD, 262));
    }
}
