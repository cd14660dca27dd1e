package dev.sparks.console.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Meters change colour at the thresholds of the services' notices: 80, 90 and 100 percent. */
class MeterTest {

    @Test
    void levelsChangeExactlyAtEightyNinetyAndAHundredPercent() {
        assertThat(meter("79999.999").level()).isEqualTo(Meter.Level.OK);
        assertThat(meter("80000").level()).isEqualTo(Meter.Level.WARN_80);
        assertThat(meter("89999").level()).isEqualTo(Meter.Level.WARN_80);
        assertThat(meter("90000").level()).isEqualTo(Meter.Level.WARN_90);
        assertThat(meter("99999.9").level()).isEqualTo(Meter.Level.WARN_90);
        assertThat(meter("100000").level()).isEqualTo(Meter.Level.OVER_100);
    }

    @Test
    void theBarStopsAtAHundredButTheTextSaysHowFarOver() {
        Meter over = meter("125000");
        assertThat(over.percent()).isEqualTo(100);
        assertThat(over.shareText()).isEqualTo("125%");
        assertThat(over.level().css()).isEqualTo("over-100");
    }

    @Test
    void aZeroAllowanceIsOverAsSoonAsAnythingIsUsed() {
        assertThat(Meter.of("x", BigDecimal.ZERO, BigDecimal.ZERO).level()).isEqualTo(Meter.Level.OK);
        assertThat(Meter.of("x", BigDecimal.ONE, BigDecimal.ZERO).level()).isEqualTo(Meter.Level.OVER_100);
    }

    private static Meter meter(String used) {
        return Meter.of("Sparks", new BigDecimal(used), new BigDecimal("100000"));
    }
}
