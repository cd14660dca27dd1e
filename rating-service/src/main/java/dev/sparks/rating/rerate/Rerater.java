package dev.sparks.rating.rerate;

import dev.sparks.platform.config.PlatformProperties;
import dev.sparks.platform.messaging.RecordRejectedException;
import dev.sparks.platform.outbox.Outbox;
import dev.sparks.rating.pricing.Priced;
import dev.sparks.rating.pricing.Pricer;
import dev.sparks.rating.pricing.RatedEvents;
import dev.sparks.rating.pricing.UsageItem;
import dev.sparks.rating.ratecard.RateCard;
import dev.sparks.rating.ratecard.RateCardException;
import dev.sparks.rating.ratecard.RateCards;
import dev.sparks.rating.usage.ArchivedRating;
import dev.sparks.rating.usage.RatedEventArchive;
import dev.sparks.schemas.topic.Topics;
import dev.sparks.schemas.usage.RatedUsageEvent;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Re-prices archived raw events with a target card and emits, per event, the delta between the
 * new price and what downstream has counted so far. Each page of events is one database
 * transaction: the corrections go to the outbox and the archive's current price moves with them,
 * so a crash mid-run resumes without double counting and a second identical run finds every
 * event at the target already and emits nothing. A page's rows are locked while it is corrected, so
 * two re-rates running at once over the same events take turns and the second corrects from what
 * the first committed. Events outside [from, to) are never read.
 */
@Service
public class Rerater {

    private static final int PAGE = 500;

    private final RatedEventArchive archive;
    private final RateCards rateCards;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final String producer;

    Rerater(RatedEventArchive archive, RateCards rateCards, Outbox outbox, TransactionTemplate transactions,
            PlatformProperties platform) {
        this.archive = archive;
        this.rateCards = rateCards;
        this.outbox = outbox;
        this.transactions = transactions;
        this.producer = platform.serviceName();
    }

    public RerateReport rerate(RerateRequest request) {
        RateCard target = validated(request);
        Totals totals = new Totals(rateCards);
        String after = "";
        while (true) {
            String cursor = after;
            List<ArchivedRating> page = transactions.execute(status -> {
                List<ArchivedRating> events = archive.lockedPage(request.customerId(), request.from(), request.to(), cursor, PAGE);
                events.forEach(event -> correct(event, target, totals));
                return events;
            });
            if (page.isEmpty()) {
                return totals.report();
            }
            after = page.getLast().raw().getEventId();
        }
    }

    private void correct(ArchivedRating event, RateCard target, Totals totals) {
        totals.examined++;
        if (event.currentCardVersion().equals(target.version())) {
            totals.alreadyAtTarget++;
            return;
        }
        Priced priced;
        try {
            priced = Pricer.price(target, UsageItem.of(event.raw()), event.raw().getCustomerId(), event.plan());
        } catch (RecordRejectedException unratable) {
            totals.unratable++;
            return;
        }
        BigDecimal delta = priced.sparks().amount().subtract(event.currentSparks());
        BigDecimal countedUsd = totals.usdCounted(event);
        if (delta.signum() == 0 && priced.usd().compareTo(countedUsd) == 0) {
            totals.unchanged++;
            archive.corrected(event.raw().getEventId(), target.version(), event.currentSparks(), event.corrections());
            return;
        }
        int sequence = event.corrections() + 1;
        RatedUsageEvent correction = RatedEvents.correction(event.raw(), event.original(), priced, event.currentSparks(),
                countedUsd, sequence, producer);
        outbox.append(Topics.USAGE_RATED, correction.getCustomerId(), correction.getEventId(), correction);
        archive.corrected(event.raw().getEventId(), target.version(), priced.sparks().amount(), sequence);
        totals.corrected++;
        totals.delta = totals.delta.add(delta);
    }

    private RateCard validated(RerateRequest request) {
        if (request.from() == null) {
            throw RateCardException.invalid("from", "Required, an ISO-8601 instant");
        }
        if (request.to() == null || !request.to().isAfter(request.from())) {
            throw RateCardException.invalid("to", "Required, after from");
        }
        if (request.targetVersion() == null) {
            throw RateCardException.invalid("target_version", "Required");
        }
        RateCard target = rateCards.find(request.targetVersion())
                .filter(card -> card.status() == RateCard.Status.PUBLISHED)
                .orElseThrow(() -> RateCardException.invalid("target_version", "No published rate card " + request.targetVersion()));
        boolean covered = !request.from().isBefore(target.effectiveFrom())
                && (target.effectiveTo() == null || !request.to().isAfter(target.effectiveTo()));
        if (!covered) {
            throw RateCardException.invalid("from", "The range must lie within the target card's effective dates ["
                    + target.effectiveFrom() + ", " + (target.effectiveTo() == null ? "open" : target.effectiveTo()) + ")");
        }
        return target;
    }

    /** A run's counts, and the Spark rate of each card version its events were priced by so far. */
    private static final class Totals {
        private final RateCards rateCards;
        private final Map<String, BigDecimal> sparkRates = new HashMap<>();
        long examined;
        long corrected;
        long unchanged;
        long alreadyAtTarget;
        long unratable;
        BigDecimal delta = BigDecimal.ZERO;

        Totals(RateCards rateCards) {
            this.rateCards = rateCards;
        }

        /**
         * The dollars downstream has counted for the event: its current Sparks at the Spark rate of
         * the card that priced them (the original's own rate if that card is gone).
         */
        BigDecimal usdCounted(ArchivedRating event) {
            BigDecimal rate = sparkRates.computeIfAbsent(event.currentCardVersion(), version -> rateCards.find(version)
                    .map(card -> card.rules().usdPerSpark())
                    .orElseGet(() -> originalRate(event.original())));
            return event.currentSparks().multiply(rate);
        }

        private static BigDecimal originalRate(RatedUsageEvent original) {
            return original.getSparks().signum() == 0 ? BigDecimal.ZERO
                    : original.getUsd().divide(original.getSparks(), MathContext.DECIMAL128);
        }

        RerateReport report() {
            return new RerateReport(examined, corrected, unchanged, alreadyAtTarget, unratable, delta);
        }
    }
}
