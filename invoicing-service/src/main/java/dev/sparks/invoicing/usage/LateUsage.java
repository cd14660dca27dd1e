package dev.sparks.invoicing.usage;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Usage that arrived after the period it occurred in was closed, summed per closed period
 * ({@code periodStart} null when it predates every period the customer was ever billed for), with
 * the exact dollars its rated events carry.
 */
public record LateUsage(Instant periodStart, BigDecimal sparks, BigDecimal usd, long events) {}
