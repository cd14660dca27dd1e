package dev.sparks.invoicing.invoice;

import dev.sparks.platform.money.Money;
import dev.sparks.platform.money.Sparks;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What some Sparks of one body of usage are worth in cents: that usage's own dollars per Spark.
 * Every rated event carries its dollars at the Spark rate of the card that priced it; when one card
 * priced all of it, this is exactly that card's rate, and across a change of rate mid-period it is
 * the usage's average, so an allowance or a discount takes back what the Sparks it covers were
 * billed at on average. With no usage to average (or corrections whose Sparks and dollars point
 * opposite ways), the card's rate applies.
 *
 * <p>Rounding: the Sparks are first rounded to six decimals (the Sparks rule), then valued with one
 * exact division rounded half-even to the cent.
 */
record SparkValue(BigDecimal usd, BigDecimal sparks, BigDecimal cardRate) {

    long cents(BigDecimal someSparks) {
        BigDecimal rounded = someSparks.setScale(Sparks.SCALE, Sparks.ROUNDING);
        if (sparks.signum() == 0 || usd.signum() != sparks.signum()) {
            return InvoiceComposer.usd(rounded, cardRate);
        }
        return Money.usd(rounded.multiply(usd).divide(sparks, 2, RoundingMode.HALF_EVEN)).minorUnits();
    }
}
