package dev.sparks.rating;

import java.math.BigDecimal;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sparks.rating.*}: the rate table until versioned rate cards arrive.
 *
 * @param usdPerSpark      what one Spark is worth in US dollars (SPARK_RATE)
 * @param rateCardVersion  the name rated events carry as the version that priced them
 * @param rates            per metric: {@code sparks} per {@code per} units, the unit's name and the
 *                         invoice category
 */
@ConfigurationProperties("sparks.rating")
public record RatingProperties(
        @DefaultValue("0.001") BigDecimal usdPerSpark,
        @DefaultValue("config-v1") String rateCardVersion,
        Map<String, Rate> rates) {

    /** Rated events carry dollars with 9 decimals: Sparks have 6, so the rate may have at most 3. */
    public RatingProperties {
        if (usdPerSpark.signum() <= 0 || usdPerSpark.stripTrailingZeros().scale() > 3) {
            throw new IllegalArgumentException("sparks.rating.usd-per-spark must be positive with at most 3 decimals, got "
                    + usdPerSpark.toPlainString());
        }
        rates = rates == null ? Map.of() : Map.copyOf(rates);
    }

    public record Rate(String unit, String category, BigDecimal sparks, @DefaultValue("1") BigDecimal per) {}
}
