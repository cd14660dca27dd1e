package dev.sparks.rating.usage;

import dev.sparks.schemas.usage.RatedUsageEvent;
import dev.sparks.schemas.usage.RawUsageEvent;
import java.math.BigDecimal;

/**
 * A raw event as first rated, and what downstream has been told it costs so far: the original's
 * Sparks plus every correction ({@code currentSparks} under {@code currentCardVersion}).
 */
public record ArchivedRating(RawUsageEvent raw, String plan, RatedUsageEvent original, String currentCardVersion,
        BigDecimal currentSparks, int corrections) {}
