package dev.sparks.local.lag;

import java.time.Duration;
import java.util.Optional;

/**
 * One group's position on one partition, as the broker sees it.
 *
 * @param currentOffset the group's committed offset: the next record it will read
 * @param logEndOffset  the partition's high watermark
 * @param lagTime       how long the oldest record the group has not consumed has waited; zero when
 *                      nothing consumable waits (a transaction marker is not a record), empty when
 *                      it could not be read in time
 * @param owner         the live member the partition is assigned to, if any
 */
public record PartitionLag(String group, String topic, int partition, long currentOffset, long logEndOffset,
        Optional<Duration> lagTime, Optional<Member> owner) {

    /** Records between the committed offset and the log end, as {@code kafka-consumer-groups} counts them. */
    public long lag() {
        return Math.max(0, logEndOffset - currentOffset);
    }

    /** A live member of a group. */
    public record Member(String consumerId, String clientId, String host) {}
}
