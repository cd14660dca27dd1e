package dev.sparks.rating.ratecard;

import java.time.Instant;

/**
 * A rate card version: its rules and the half-open interval [effective_from, effective_to) of
 * {@code occurred_at} it may price. Published cards are an append-only history: nothing about a
 * published card ever changes. Where several published cards cover an instant, the one that starts
 * latest prices it, and of cards starting together the one published last
 * ({@link #takesPrecedenceOver}). A card published after its own start is a <em>correction</em>: it
 * prices late events of its period from then on, and re-rating moves earlier ones to it.
 *
 * @param publishedAt when it was published; null for a draft
 */
public record RateCard(String version, Status status, Instant effectiveFrom, Instant effectiveTo, RateCardRules rules,
        Instant publishedAt) {

    public enum Status { DRAFT, PUBLISHED }

    public RateCard published(Instant at) {
        return new RateCard(version, Status.PUBLISHED, effectiveFrom, effectiveTo, rules, at);
    }

    /** Published after the start of what it prices: it corrects a period that had begun under other prices. */
    public boolean isCorrection() {
        return publishedAt != null && publishedAt.isAfter(effectiveFrom);
    }

    /** Between two cards that both cover an instant: the later start wins, then the later publication. */
    public boolean takesPrecedenceOver(RateCard other) {
        int byStart = effectiveFrom.compareTo(other.effectiveFrom);
        if (byStart != 0) {
            return byStart > 0;
        }
        return publishedAt != null && (other.publishedAt == null || publishedAt.isAfter(other.publishedAt));
    }

    public boolean covers(Instant instant) {
        return !instant.isBefore(effectiveFrom) && (effectiveTo == null || instant.isBefore(effectiveTo));
    }
}
