package dev.sparks.console.web;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * How amounts read on the pages (templates call it as {@code @amounts}). It only formats what the
 * services computed: dollars from their decimal strings or cents, Sparks as counted. No arithmetic
 * on money happens in the console.
 */
@Component("amounts")
public class Amounts {

    private static final DecimalFormatSymbols US = DecimalFormatSymbols.getInstance(Locale.US);

    /** {@code $1,234.56}; an exact price with more decimals (a preview) is shown to the cent, half-even as invoices round. */
    public String dollars(BigDecimal amount) {
        if (amount == null) {
            return "–";
        }
        String formatted = new DecimalFormat("#,##0.00", US).format(amount.abs().setScale(2, RoundingMode.HALF_EVEN));
        return (amount.signum() < 0 ? "−$" : "$") + formatted;
    }

    public String cents(long minor) {
        return dollars(BigDecimal.valueOf(minor, 2));
    }

    public String sparks(BigDecimal sparks) {
        return sparks == null ? "–" : new DecimalFormat("#,##0.###", US).format(sparks);
    }

    /** A ratio with scale 4 (0.4250) as {@code 42.5%}. */
    public String percent(BigDecimal ratio) {
        return ratio == null ? "–" : new DecimalFormat("0.#", US).format(ratio.movePointRight(2)) + "%";
    }
}
