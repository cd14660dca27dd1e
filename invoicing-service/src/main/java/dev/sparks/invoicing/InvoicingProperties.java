package dev.sparks.invoicing;

import dev.sparks.platform.money.Money;
import java.math.BigDecimal;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sparks.invoicing.*}.
 *
 * @param usdPerSpark       what one Spark is billed at until rating has published a rate card
 * @param currency          the invoices' currency; USD only, checked at start (see the constructor)
 * @param numberSeries      the prefix of invoice numbers (SPK-000001)
 * @param creditNoteSeries  the prefix of credit note numbers (CN-000001)
 * @param grace             how long a period stays open after it ends, so late usage still lands in it
 * @param closeInterval     how often the closer looks for periods to close; 0 turns the scheduler off
 * @param closeConcurrency  how many customers are closed at once
 */
@ConfigurationProperties("sparks.invoicing")
public record InvoicingProperties(
        @DefaultValue("0.001") BigDecimal usdPerSpark,
        @DefaultValue("USD") String currency,
        @DefaultValue("SPK") String numberSeries,
        @DefaultValue("CN") String creditNoteSeries,
        @DefaultValue("1h") Duration grace,
        @DefaultValue("1m") Duration closeInterval,
        @DefaultValue("4") int closeConcurrency) {

    /**
     * Every amount invoicing computes is in US dollars: the Spark rate (usd_per_spark), plan prices
     * and {@code Money.usd}, which rounds to cents. Another currency would only relabel dollar
     * amounts, so it is refused at start rather than printed on invoices.
     */
    public InvoicingProperties {
        if (!Money.USD.equals(currency)) {
            throw new IllegalArgumentException("sparks.invoicing.currency is '" + currency + "', but invoicing prices"
                    + " in USD only (usd-per-spark, plan prices and Money.usd are all dollars); set it to USD");
        }
    }
}
