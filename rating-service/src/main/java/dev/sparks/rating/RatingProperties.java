package dev.sparks.rating;

import java.math.BigDecimal;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sparks.rating.*}. Prices live in versioned rate cards (database, admin API); these are
 * only the defaults a card starts from and where the first card comes from.
 *
 * @param usdPerSpark               the Spark rate (SPARK_RATE) a new card gets when it names none
 * @param passThroughMarkupPercent  markup a pass-through metric gets when its card names none
 * @param initialCard               the card loaded and published when the database has none
 * @param defaultPlan               the plan of a customer subscription-service has not told us about
 */
@ConfigurationProperties("sparks.rating")
public record RatingProperties(
        @DefaultValue("0.001") BigDecimal usdPerSpark,
        @DefaultValue("20") BigDecimal passThroughMarkupPercent,
        @DefaultValue("classpath:rate-cards/initial.json") String initialCard,
        @DefaultValue("free") String defaultPlan) {

    /** Rated events carry dollars with 9 decimals: Sparks have 6, so the rate may have at most 3. */
    public RatingProperties {
        if (usdPerSpark.signum() <= 0 || usdPerSpark.stripTrailingZeros().scale() > 3) {
            throw new IllegalArgumentException("sparks.rating.usd-per-spark must be positive with at most 3 decimals, got "
                    + usdPerSpark.toPlainString());
        }
        if (passThroughMarkupPercent.signum() < 0) {
            throw new IllegalArgumentException("sparks.rating.pass-through-markup-percent must not be negative");
        }
    }
}
