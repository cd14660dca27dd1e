package dev.sparks.rating.rerate;

import java.time.Instant;

/** Re-price the usage of one customer (or, with {@code customerId} null, all) that occurred in [from, to). */
public record RerateRequest(String customerId, Instant from, Instant to, String targetVersion) {}
