package dev.sparks.schemas.metric;

import java.util.Set;

/**
 * A kind of billable usage that producers and the rating service agree on.
 *
 * @param name               the {@code metric} of a raw usage event, e.g. {@code ai_tokens}
 * @param unit               what one unit of quantity is: {@code token}, {@code minute}, {@code gb_month}, ...
 * @param category           the invoice category the usage is shown under
 * @param scale              the most decimal places a quantity may have (0 for things that are counted)
 * @param allowedProperties  the event properties this metric accepts besides {@link Metrics#COMMON_PROPERTIES}
 * @param passThrough        true when the price is a provider's cost plus markup (the event carries
 *                           {@code provider_unit_cost_usd}) rather than a Sparks rate
 */
public record Metric(
        String name, String unit, String category, int scale, Set<String> allowedProperties, boolean passThrough) {

    public boolean allows(String property) {
        return Metrics.COMMON_PROPERTIES.contains(property) || allowedProperties.contains(property);
    }
}
