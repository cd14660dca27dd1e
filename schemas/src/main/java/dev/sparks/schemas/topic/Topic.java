package dev.sparks.schemas.topic;

import java.time.Duration;
import org.apache.avro.specific.SpecificRecord;

/**
 * A Kafka topic with everything a producer or consumer needs to agree on: its name, the type of
 * its keys and values, how many partitions it has and how it is cleaned up. Services never spell a
 * topic name or choose a serde by hand; they take a {@code Topic} from {@link Topics}.
 *
 * @param name       the topic's name, versioned by suffix ({@code .v1}) for breaking changes
 * @param keyType    the key's Java type; every Sparks topic is keyed by customer id
 * @param valueType  the generated Avro class of the values
 * @param partitions partitions to create; order is guaranteed per key only
 * @param cleanup    whether old records are deleted by age or compacted to the latest per key
 * @param retention  the topic's {@code retention.ms}, or null for the broker's default
 */
public record Topic<K, V extends SpecificRecord>(
        String name, Class<K> keyType, Class<V> valueType, int partitions, Cleanup cleanup, Duration retention) {

    /** A topic that keeps records as long as the broker's default retention says. */
    public Topic(String name, Class<K> keyType, Class<V> valueType, int partitions, Cleanup cleanup) {
        this(name, keyType, valueType, partitions, cleanup, null);
    }

    public enum Cleanup {
        DELETE("delete"),
        COMPACT("compact");

        private final String policy;

        Cleanup(String policy) {
            this.policy = policy;
        }

        /** The value of Kafka's {@code cleanup.policy} topic config. */
        public String policy() {
            return policy;
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
