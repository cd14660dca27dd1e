package dev.sparks.platform.messaging;

/** A decoded record with where it came from, as a stage's handler sees it. */
public record ConsumedRecord<V>(String key, V value, String topic, int partition, long offset) {}
