package dev.sparks.rating.ratecard;

import java.time.Instant;

/**
 * A rate card version: its rules and the half-open interval [effective_from, effective_to) of
 * {@code occurred_at} it prices. A published card's rules never change; only its open end may be
 * closed, by publishing the next card.
 */
public record RateCard(String version, Status status, Instant effectiveFrom, Instant effectiveTo, RateCardRules rules) {

    public enum Status { DRAFT, PUBLISHED }

    public boolean covers(Instant instant) {
        return !instant.isBefore(effectiveFrom) && (effectiveTo == null || instant.isBefore(effectiveTo));
    }

    public boolean overlaps(Instant from, Instant to) {
        boolean startsBeforeOtherEnds = to == null || effectiveFrom.isBefore(to);
        boolean otherStartsBeforeThisEnds = effectiveTo == null || from.isBefore(effectiveTo);
        return startsBeforeOtherEnds && otherStartsBeforeThisEnds;
    }
}
