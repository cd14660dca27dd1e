package dev.sparks.rating.pricing;

import dev.sparks.schemas.usage.RatedUsageEvent;
import dev.sparks.schemas.usage.RatedUsageKind;
import dev.sparks.schemas.usage.RawUsageEvent;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Builds rated events with ids derived from their inputs, so the same input always yields the same id. */
public final class RatedEvents {

    private RatedEvents() {}

    public static RatedUsageEvent original(RawUsageEvent raw, Priced priced, String producer) {
        return base(raw, priced, producer)
                .setEventId(originalId(priced.cardVersion(), raw.getEventId()))
                .setQuantity(raw.getQuantity())
                .setSparks(priced.sparks().amount())
                .setUsd(priced.usd())
                .setKind(RatedUsageKind.ORIGINAL)
                .build();
    }

    /**
     * The delta that moves downstream totals from {@code countedSparks} and {@code countedUsd} (what
     * the event was priced at so far, at the Spark rate of the card that priced it) to the new price.
     * Both deltas are carried, so a card with another Spark rate moves the dollars even where the
     * Sparks stay. It keeps the original's category so it adjusts the same invoice line, and has
     * quantity 0 because the original already counted it. {@code sequence} numbers the corrections of
     * one raw event, so a re-rate back to an earlier version still gets a fresh id.
     */
    public static RatedUsageEvent correction(RawUsageEvent raw, RatedUsageEvent original, Priced priced,
            BigDecimal countedSparks, BigDecimal countedUsd, int sequence, String producer) {
        BigDecimal delta = priced.sparks().amount().subtract(countedSparks);
        return base(raw, priced, producer)
                .setEventId(uuid("correction|" + raw.getEventId() + "|" + sequence + "|" + priced.cardVersion()))
                .setCategory(original.getCategory())
                .setQuantity(BigDecimal.ZERO.setScale(9))
                .setSparks(delta)
                .setUsd(priced.usd().subtract(countedUsd).setScale(9))
                .setKind(RatedUsageKind.CORRECTION)
                .setCorrectsEventId(original.getEventId())
                .build();
    }

    /** Same raw event and card version, same rated id: downstream deduplicates a re-delivery. */
    public static String originalId(String cardVersion, String rawEventId) {
        return uuid("rated|" + cardVersion + "|" + rawEventId);
    }

    private static RatedUsageEvent.Builder base(RawUsageEvent raw, Priced priced, String producer) {
        return RatedUsageEvent.newBuilder()
                .setOccurredAt(raw.getOccurredAt())
                .setCustomerId(raw.getCustomerId())
                .setProducer(producer)
                .setRawEventId(raw.getEventId())
                .setMetric(raw.getMetric())
                .setCategory(priced.category())
                .setUnit(priced.unit())
                .setUnitPriceSparks(priced.unitPriceSparks())
                .setRateCardVersion(priced.cardVersion())
                .setRule(priced.rule())
                .setMarkupPercent(priced.markupPercent() == null ? null : priced.markupPercent().setScale(4));
    }

    private static String uuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
