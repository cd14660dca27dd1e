package dev.sparks.local.lag;

import java.util.List;

/**
 * A consumer group: its state ({@code Stable}, {@code Empty}, ...), how many members are alive, and
 * its lag on every partition it has committed an offset for, whether or not a member is alive.
 */
public record GroupLag(String group, String state, int members, List<PartitionLag> partitions) {}
