package dev.sparks.invoicing;

import java.math.BigDecimal;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sparks.invoicing.*}.
 *
 * @param usdPerSpark  what one Spark is billed at (SPARK_RATE)
 * @param currency     the invoices' currency
 * @param numberSeries the prefix of invoice numbers (SPK-000001)
 */
@ConfigurationProperties("sparks.invoicing")
public record InvoicingProperties(
        @DefaultValue("0.001") BigDecimal usdPerSpark,
        @DefaultValue("USD") String currency,
        @DefaultValue("SPK") String numberSeries) {}
