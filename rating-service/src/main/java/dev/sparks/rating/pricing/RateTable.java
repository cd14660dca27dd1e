package dev.sparks.rating.pricing;

import dev.sparks.platform.money.Sparks;
import dev.sparks.platform.messaging.RecordRejectedException;
import dev.sparks.rating.RatingProperties;
import dev.sparks.schemas.usage.RatedUsageEvent;
import dev.sparks.schemas.usage.RawUsageEvent;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The pricing rule: a raw event's Sparks are its quantity times its metric's price, rounded once by
 * the {@link Sparks} rule; its dollar value is Sparks times the Spark rate, exact. A pure function:
 * rating the same event twice gives the same result, including the rated event's id.
 */
public class RateTable {

    private final Map<String, Price> prices;
    private final BigDecimal usdPerSpark;
    private final String version;
    private final String producer;

    public RateTable(Map<String, Price> prices, BigDecimal usdPerSpark, String version, String producer) {
        this.prices = Map.copyOf(prices);
        this.usdPerSpark = usdPerSpark;
        this.version = version;
        this.producer = producer;
    }

    public static RateTable from(RatingProperties properties, String producer) {
        Map<String, Price> prices = properties.rates().entrySet().stream().collect(Collectors.toMap(
                Map.Entry::getKey,
                rate -> new Price(rate.getKey(), rate.getValue().unit(), rate.getValue().category(),
                        rate.getValue().sparks(), rate.getValue().per())));
        return new RateTable(prices, properties.usdPerSpark(), properties.rateCardVersion(), producer);
    }

    public RatedUsageEvent rate(RawUsageEvent raw) {
        Price price = prices.get(raw.getMetric());
        if (price == null) {
            throw new RecordRejectedException("Unknown metric '" + raw.getMetric() + "': no price in rate card " + version);
        }
        if (raw.getQuantity().signum() < 0) {
            throw new RecordRejectedException("Negative quantity " + raw.getQuantity().toPlainString());
        }
        Sparks sparks = price.of(raw.getQuantity());
        return RatedUsageEvent.newBuilder()
                .setEventId(ratedEventId(raw.getEventId()))
                .setOccurredAt(raw.getOccurredAt())
                .setCustomerId(raw.getCustomerId())
                .setProducer(producer)
                .setRawEventId(raw.getEventId())
                .setMetric(raw.getMetric())
                .setCategory(price.category())
                .setQuantity(raw.getQuantity())
                .setUnit(price.unit())
                .setUnitPriceSparks(price.unitPrice())
                .setSparks(sparks.amount())
                .setUsd(sparks.toUsd(usdPerSpark).setScale(9))
                .setRateCardVersion(version)
                .setRule("per_unit")
                .setMarkupPercent(null)
                .build();
    }

    /** Same raw event and card version, same rated id: downstream deduplicates a re-delivery. */
    private String ratedEventId(String rawEventId) {
        return UUID.nameUUIDFromBytes(("rated|" + version + "|" + rawEventId).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
