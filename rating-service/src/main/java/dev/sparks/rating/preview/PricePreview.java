package dev.sparks.rating.preview;

import dev.sparks.platform.messaging.RecordRejectedException;
import dev.sparks.platform.money.Sparks;
import dev.sparks.rating.RatingProperties;
import dev.sparks.rating.plan.CustomerPlans;
import dev.sparks.rating.pricing.Priced;
import dev.sparks.rating.pricing.Pricer;
import dev.sparks.rating.pricing.UsageItem;
import dev.sparks.rating.ratecard.PublishedCards;
import dev.sparks.rating.ratecard.RateCard;
import dev.sparks.rating.ratecard.RateCardException;
import dev.sparks.rating.ratecard.VolumeDiscount;
import dev.sparks.rating.usage.RatedEventArchive;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;

/** Prices quantities with the card effective now, the way rating and the month's discount would. */
@Service
public class PricePreview {

    private static final int MAX_ITEMS = 1000;

    private final PublishedCards cards;
    private final CustomerPlans plans;
    private final RatedEventArchive archive;
    private final RatingProperties properties;
    private final Clock clock;

    PricePreview(PublishedCards cards, CustomerPlans plans, RatedEventArchive archive, RatingProperties properties, Clock clock) {
        this.cards = cards;
        this.plans = plans;
        this.archive = archive;
        this.properties = properties;
        this.clock = clock;
    }

    public Preview preview(PreviewRequest request) {
        if (request.items() == null || request.items().isEmpty() || request.items().size() > MAX_ITEMS) {
            throw RateCardException.invalid("items", "Between 1 and " + MAX_ITEMS + " items");
        }
        Instant now = clock.instant();
        RateCard card = cards.effectiveAt(now).orElseThrow(() -> RateCardException.invalid("items", "No rate card is effective now"));
        String customer = request.customerId();
        String plan = request.plan() != null ? request.plan()
                : customer != null ? plans.planOf(customer) : properties.defaultPlan();
        List<Preview.Line> lines = new ArrayList<>();
        Sparks subtotal = Sparks.ZERO;
        for (int i = 0; i < request.items().size(); i++) {
            PreviewRequest.Item item = request.items().get(i);
            if (item == null || item.metric() == null) {
                throw RateCardException.invalid("items[" + i + "].metric", "Required");
            }
            Priced priced;
            try {
                priced = Pricer.price(card, new UsageItem(item.metric(), item.quantity(), item.properties(),
                        item.providerUnitCostUsd()), customer, plan);
            } catch (RecordRejectedException unpriced) {
                throw RateCardException.invalid("items[" + i + "]", unpriced.getMessage());
            }
            lines.add(new Preview.Line(item.metric(), item.quantity(), priced.unit(), priced.unitPriceSparks(),
                    priced.sparks().amount(), priced.usd(), priced.rule(), priced.markupPercent()));
            subtotal = subtotal.plus(priced.sparks());
        }
        YearMonth month = YearMonth.from(now.atOffset(ZoneOffset.UTC));
        Sparks soFar = customer == null ? Sparks.ZERO : archive.sparks(customer,
                month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC),
                month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC));
        VolumeDiscount discount = card.rules().volumeDiscount();
        Sparks discountSparks = discount == null ? Sparks.ZERO
                : discount.discountOn(soFar.plus(subtotal)).minus(discount.discountOn(soFar));
        Sparks total = subtotal.minus(discountSparks);
        BigDecimal usdPerSpark = card.rules().usdPerSpark();
        return new Preview(card.version(), plan, month, soFar.amount(), lines, subtotal.amount(), discountSparks.amount(),
                total.amount(), total.toUsd(usdPerSpark).setScale(9),
                discount == null ? null : describe(discount));
    }

    private static String describe(VolumeDiscount discount) {
        String percent = discount.percent().stripTrailingZeros().toPlainString();
        String threshold = discount.thresholdSparks().stripTrailingZeros().toPlainString();
        return discount.appliesTo() == VolumeDiscount.Scope.WHOLE_MONTH
                ? percent + "% off the whole month once it exceeds " + threshold + " Sparks"
                : percent + "% off the Sparks above " + threshold + " in a month";
    }
}
