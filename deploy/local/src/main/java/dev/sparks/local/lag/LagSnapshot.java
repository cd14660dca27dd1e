package dev.sparks.local.lag;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * What the broker said at one moment: every consumer group's lag and every partition's earliest
 * and log-end offsets.
 */
public record LagSnapshot(int brokers, List<GroupLag> groups, Map<TopicPartition, Long> logEndOffsets,
        Map<TopicPartition, Long> oldestOffsets) {}
