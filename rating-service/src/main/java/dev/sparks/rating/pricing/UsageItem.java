package dev.sparks.rating.pricing;

import dev.sparks.schemas.usage.RawUsageEvent;
import java.math.BigDecimal;
import java.util.Map;

/** What is priced: a metric's quantity with the event's properties and, for pass-through, the provider's unit cost. */
public record UsageItem(String metric, BigDecimal quantity, Map<String, String> properties, BigDecimal providerUnitCostUsd) {

    public UsageItem {
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    public static UsageItem of(RawUsageEvent raw) {
        return new UsageItem(raw.getMetric(), raw.getQuantity(), raw.getProperties(), raw.getProviderUnitCostUsd());
    }
}
