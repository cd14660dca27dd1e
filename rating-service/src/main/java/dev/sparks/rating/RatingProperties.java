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

    public record Rate(String unit, String category, BigDecimal sparks, @DefaultValue("1") BigDecimal per) {}
}
