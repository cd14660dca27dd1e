package dev.sparks.subscription;

import java.math.BigDecimal;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sparks.subscription.*}.
 *
 * @param defaultPlan the plan every new customer starts on
 * @param plans       per plan: the Sparks included each month
 */
@ConfigurationProperties("sparks.subscription")
public record SubscriptionProperties(@DefaultValue("free") String defaultPlan, Map<String, Plan> plans) {

    public record Plan(BigDecimal includedSparks) {}
}
