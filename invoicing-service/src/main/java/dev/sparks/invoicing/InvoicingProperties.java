package dev.sparks.invoicing;

import java.math.BigDecimal;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sparks.invoicing.*}.
 *
 * @param usdPerSpark       what one Spark is billed at until rating has published a rate card
 * @param currency          the invoices' currency
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
        @DefaultValue("4") int closeConcurrency) {}
