package dev.sparks.rating.ratecard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.platform.money.Sparks;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class VolumeDiscountTest {

    private final VolumeDiscount aboveThreshold =
            new VolumeDiscount(new BigDecimal("10000"), new BigDecimal("5"), VolumeDiscount.Scope.ABOVE_THRESHOLD);
    private final VolumeDiscount wholeMonth =
            new VolumeDiscount(new BigDecimal("10000"), new BigDecimal("5"), VolumeDiscount.Scope.WHOLE_MONTH);

    @Test
    void nothingUpToAndIncludingTheThreshold() {
        assertThat(aboveThreshold.discountOn(Sparks.of(10_000))).isEqualTo(Sparks.ZERO);
        assertThat(wholeMonth.discountOn(Sparks.of(10_000))).isEqualTo(Sparks.ZERO);
    }

    @Test
    void aboveThresholdDiscountsOnlyTheSparksAboveIt() {
        assertThat(aboveThreshold.discountOn(Sparks.of(12_000))).isEqualTo(Sparks.of(100));
        assertThat(aboveThreshold.discountOn(Sparks.of("10000.000011"))).isEqualTo(Sparks.of("0.000001"));
    }

    @Test
    void wholeMonthDiscountsEverySparkOnceTheThresholdIsExceeded() {
        assertThat(wholeMonth.discountOn(Sparks.of(12_000))).isEqualTo(Sparks.of(600));
    }

    @Test
    void aboveThresholdNeverMakesMoreUsageCheaper() {
        Sparks previousDue = Sparks.ZERO;
        for (long used = 9_000; used <= 12_000; used += 7) {
            Sparks due = Sparks.of(used).minus(aboveThreshold.discountOn(Sparks.of(used)));
            assertThat(due).isGreaterThanOrEqualTo(previousDue);
            previousDue = due;
        }
    }
}
