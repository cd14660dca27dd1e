package dev.sparks.rating.ratecard;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The published cards, held in memory for the rating hot path. Refreshed after each publish in
 * this instance and every few seconds, so other instances pick up a card published elsewhere.
 * The card that prices an event is, of those whose [effective_from, effective_to) holds its
 * occurred_at, the one that takes precedence ({@link RateCard#takesPrecedenceOver}).
 */
@Component
public class PublishedCards {

    private final RateCards rateCards;
    private volatile List<RateCard> cards;

    PublishedCards(RateCards rateCards, InitialRateCard initial) {
        this.rateCards = rateCards;
        initial.publishIfNone();
        refresh();
    }

    @Scheduled(fixedDelayString = "${sparks.rating.card-refresh-interval:5s}")
    public void refresh() {
        cards = rateCards.published();
    }

    public Optional<RateCard> effectiveAt(Instant instant) {
        return cards.stream().filter(card -> card.covers(instant))
                .reduce((one, other) -> other.takesPrecedenceOver(one) ? other : one);
    }

    public Optional<RateCard> version(String version) {
        return cards.stream().filter(card -> card.version().equals(version)).findFirst();
    }
}
