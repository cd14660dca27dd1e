package dev.sparks.invoicing.ratecard;

import static dev.sparks.invoicing.persistence.jooq.Tables.RATE_CARD;

import dev.sparks.invoicing.InvoicingProperties;
import dev.sparks.invoicing.persistence.jooq.tables.records.RateCardRecord;
import dev.sparks.schemas.rating.DiscountScope;
import dev.sparks.schemas.rating.RateCardPublished;
import dev.sparks.schemas.rating.VolumeDiscount;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The rate cards rating published, as far as invoicing needs them. Until the first card arrives
 * (or for a period before every card) the configured Spark rate applies and no volume discount.
 */
@Service
public class RateCards {

    private final DSLContext db;
    private final CardTerms fallback;

    RateCards(DSLContext db, InvoicingProperties properties) {
        this.db = db;
        this.fallback = new CardTerms("configured", properties.usdPerSpark(), Optional.empty());
    }

    /** A version is recorded once; a re-delivery of the same card changes nothing. */
    @Transactional
    public void record(RateCardPublished card) {
        VolumeDiscount discount = card.getVolumeDiscount();
        RateCardRecord row = db.newRecord(RATE_CARD);
        row.setVersion(card.getVersion());
        row.setEffectiveFrom(card.getEffectiveFrom().atOffset(ZoneOffset.UTC));
        row.setEffectiveTo(card.getEffectiveTo() == null ? null : card.getEffectiveTo().atOffset(ZoneOffset.UTC));
        row.setPublishedAt(card.getOccurredAt().atOffset(ZoneOffset.UTC));
        row.setUsdPerSpark(card.getUsdPerSpark());
        if (discount != null) {
            row.setDiscountThreshold(discount.getThresholdSparks());
            row.setDiscountPercent(discount.getPercent());
            row.setDiscountScope(discount.getAppliesTo() == DiscountScope.WHOLE_MONTH ? "whole_month" : "above_threshold");
        }
        db.insertInto(RATE_CARD).set(row).onDuplicateKeyUpdate().set(row).execute();
    }

    /**
     * The terms of the card in effect at {@code at}, by rating's rule: of the cards covering it, the
     * one that starts latest, then the one published last. A period is discounted by the card its
     * start falls in.
     */
    @Transactional(readOnly = true)
    public CardTerms effectiveAt(Instant at) {
        return db.selectFrom(RATE_CARD)
                .where(RATE_CARD.EFFECTIVE_FROM.le(at.atOffset(ZoneOffset.UTC)),
                        RATE_CARD.EFFECTIVE_TO.isNull().or(RATE_CARD.EFFECTIVE_TO.gt(at.atOffset(ZoneOffset.UTC))))
                .orderBy(RATE_CARD.EFFECTIVE_FROM.desc(), RATE_CARD.PUBLISHED_AT.desc())
                .limit(1)
                .fetchOptional(RateCards::terms)
                .orElse(fallback);
    }

    private static CardTerms terms(RateCardRecord row) {
        Optional<CardTerms.VolumeDiscount> discount = row.getDiscountThreshold() == null ? Optional.empty()
                : Optional.of(new CardTerms.VolumeDiscount(row.getDiscountThreshold(), row.getDiscountPercent(),
                        !"whole_month".equals(row.getDiscountScope())));
        return new CardTerms(row.getVersion(), row.getUsdPerSpark(), discount);
    }
}
