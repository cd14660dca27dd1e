package dev.sparks.rating.rerate;

import java.math.BigDecimal;

/**
 * What a re-rate did: events examined, corrections emitted, events whose price did not change,
 * events already priced by the target version (an earlier run), events the target could not price,
 * and the net Sparks the corrections moved.
 */
public record RerateReport(long examined, long corrected, long unchanged, long alreadyAtTarget, long unratable,
        BigDecimal deltaSparks) {}
