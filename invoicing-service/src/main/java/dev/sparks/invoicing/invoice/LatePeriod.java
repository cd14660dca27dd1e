package dev.sparks.invoicing.invoice;

import java.math.BigDecimal;

/**
 * Late usage of one earlier period, with what that period already billed: the adjustment is what
 * the late Sparks change in that period's charge, so an allowance it had left still covers them.
 *
 * @param label          the earlier period, as shown on the invoice
 * @param lateUsd        the late events' own dollars (each at the rate of the card that priced it)
 * @param billedSparks   usage Sparks the period billed so far (its invoice and earlier adjustments)
 */
public record LatePeriod(String label, java.time.Instant periodStart, BigDecimal lateSparks, BigDecimal lateUsd, long lateEvents,
        BigDecimal billedSparks, BigDecimal includedSparks, boolean overageBilled) {}
