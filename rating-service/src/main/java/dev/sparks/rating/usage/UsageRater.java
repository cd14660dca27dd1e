package dev.sparks.rating.usage;

import dev.sparks.platform.config.PlatformProperties;
import dev.sparks.platform.messaging.RecordRejectedException;
import dev.sparks.rating.plan.CustomerPlans;
import dev.sparks.rating.pricing.Priced;
import dev.sparks.rating.pricing.Pricer;
import dev.sparks.rating.pricing.RatedEvents;
import dev.sparks.rating.pricing.UsageItem;
import dev.sparks.rating.ratecard.PublishedCards;
import dev.sparks.rating.ratecard.RateCard;
import dev.sparks.schemas.usage.RatedUsageEvent;
import dev.sparks.schemas.usage.RawUsageEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rates a batch of raw events: the card effective at each event's occurred_at, the customer's
 * plan, and the archive. An event already archived is rated as it was the first time (same bytes,
 * same id), whatever card or plan is current now: a Kafka transaction that aborted after the
 * archive committed is retried with exactly the same output, and a duplicate raw event does not
 * pick up a newer price.
 */
@Service
public class UsageRater {

    /** The result for one raw event: its rated event, or why it cannot be rated. */
    public sealed interface Outcome {
        record Rated(RatedUsageEvent event) implements Outcome {}

        record Rejected(String reason) implements Outcome {}
    }

    private final PublishedCards cards;
    private final CustomerPlans plans;
    private final RatedEventArchive archive;
    private final TransactionTemplate transactions;
    private final String producer;

    UsageRater(PublishedCards cards, CustomerPlans plans, RatedEventArchive archive, TransactionTemplate transactions,
            PlatformProperties platform) {
        this.cards = cards;
        this.plans = plans;
        this.archive = archive;
        this.transactions = transactions;
        this.producer = platform.serviceName();
    }

    public List<Outcome> rate(List<RawUsageEvent> batch) {
        return transactions.execute(status -> rateInTransaction(batch));
    }

    private List<Outcome> rateInTransaction(List<RawUsageEvent> batch) {
        Map<String, ArchivedRating> known = new HashMap<>(archive.find(batch.stream().map(RawUsageEvent::getEventId).toList()));
        Map<String, String> planOf = plans.plansOf(batch.stream().map(RawUsageEvent::getCustomerId).collect(Collectors.toSet()));
        List<Outcome> outcomes = new ArrayList<>(batch.size());
        Map<String, ArchivedRating> fresh = new HashMap<>();
        for (RawUsageEvent raw : batch) {
            ArchivedRating earlier = known.containsKey(raw.getEventId()) ? known.get(raw.getEventId()) : fresh.get(raw.getEventId());
            if (earlier != null) {
                outcomes.add(new Outcome.Rated(earlier.original()));
                continue;
            }
            try {
                String plan = planOf.get(raw.getCustomerId());
                RatedUsageEvent rated = priceNow(raw, plan);
                fresh.put(raw.getEventId(), new ArchivedRating(raw, plan, rated, rated.getRateCardVersion(), rated.getSparks(), 0));
                outcomes.add(new Outcome.Rated(rated));
            } catch (RecordRejectedException rejected) {
                outcomes.add(new Outcome.Rejected(rejected.getMessage()));
            }
        }
        Set<String> inserted = archive.insertNew(List.copyOf(fresh.values()));
        if (inserted.size() < fresh.size()) {
            return replaceByArchived(batch, outcomes, inserted, fresh.keySet());
        }
        return outcomes;
    }

    /** Another instance (a fenced zombie, say) archived some events first: its rating is the one that counts. */
    private List<Outcome> replaceByArchived(List<RawUsageEvent> batch, List<Outcome> outcomes, Set<String> inserted,
            Set<String> priced) {
        Map<String, ArchivedRating> winners = archive.find(priced.stream().filter(id -> !inserted.contains(id)).toList());
        List<Outcome> replaced = new ArrayList<>(outcomes.size());
        for (int i = 0; i < batch.size(); i++) {
            ArchivedRating winner = winners.get(batch.get(i).getEventId());
            replaced.add(winner == null ? outcomes.get(i) : new Outcome.Rated(winner.original()));
        }
        return replaced;
    }

    private RatedUsageEvent priceNow(RawUsageEvent raw, String plan) {
        RateCard card = cards.effectiveAt(raw.getOccurredAt()).orElseThrow(() -> new RecordRejectedException(
                "No published rate card is effective at " + raw.getOccurredAt()));
        Priced priced = Pricer.price(card, UsageItem.of(raw), raw.getCustomerId(), plan);
        return RatedEvents.original(raw, priced, producer);
    }
}
