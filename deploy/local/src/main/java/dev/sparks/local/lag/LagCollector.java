package dev.sparks.local.lag;

import dev.sparks.local.lag.OldestUnconsumed.Position;
import dev.sparks.local.lag.PartitionLag.Member;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * Consumer lag measured from the broker side, as kafka_exporter and {@code kafka-consumer-groups
 * --describe} measure it: committed offsets against log-end offsets, so a group whose members are
 * all dead still shows how far behind it is. Lag in time is the age of the oldest record the group
 * has not consumed, read from the record itself ({@link OldestUnconsumed}).
 *
 * <p>The clock is the one record timestamps are written with: producers stamp records with their
 * machine's time, not with the services' business clock, which {@code ./sparks up} may pin to
 * another date.
 */
public final class LagCollector implements AutoCloseable {

    private final Admin admin;
    private final OldestUnconsumed oldest;
    private final Clock clock;
    private final Duration timeout;

    public LagCollector(String bootstrapServers, Clock clock, Duration timeout) {
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "sparks-lag-exporter",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()));
        this.oldest = new OldestUnconsumed(bootstrapServers, timeout);
        this.clock = clock;
        this.timeout = timeout;
    }

    /** Every consumer group's lag on every partition it committed an offset for, and every partition's offsets. */
    public LagSnapshot collect() {
        int brokers = get(admin.describeCluster().nodes()).size();
        Set<String> topics = get(admin.listTopics().names());
        List<TopicPartition> partitions = get(admin.describeTopics(topics).allTopicNames()).values().stream()
                .flatMap(topic -> topic.partitions().stream().map(p -> new TopicPartition(topic.name(), p.partition())))
                .toList();
        Map<TopicPartition, Long> logEnd = offsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> earliest = offsets(partitions, OffsetSpec.earliest());

        List<String> groupIds = get(admin.listGroups(ListGroupsOptions.forConsumerGroups()).all()).stream()
                .map(GroupListing::groupId).sorted().toList();
        Map<String, ConsumerGroupDescription> descriptions = groupIds.isEmpty() ? Map.of()
                : get(admin.describeConsumerGroups(groupIds).all());
        Map<String, Map<TopicPartition, Long>> committed = committedOffsets(groupIds);

        Set<Position> behind = new HashSet<>();
        committed.values().forEach(offsets -> offsets.forEach((partition, offset) -> {
            Long end = logEnd.get(partition);
            if (end != null && offset < end) {
                behind.add(new Position(partition, offset));
            }
        }));
        Map<Position, Optional<Instant>> waiting = oldest.read(behind);
        Instant now = clock.instant();

        List<GroupLag> groups = new ArrayList<>();
        for (String group : groupIds) {
            ConsumerGroupDescription description = descriptions.get(group);
            Map<TopicPartition, Member> owners = owners(description);
            List<PartitionLag> lags = committed.getOrDefault(group, Map.of()).entrySet().stream()
                    .filter(entry -> logEnd.containsKey(entry.getKey()))
                    .map(entry -> {
                        TopicPartition partition = entry.getKey();
                        long offset = entry.getValue();
                        long end = logEnd.get(partition);
                        Optional<Duration> lagTime = offset >= end ? Optional.of(Duration.ZERO)
                                : Optional.ofNullable(waiting.get(new Position(partition, offset)))
                                        .map(record -> record.map(at -> age(at, now)).orElse(Duration.ZERO));
                        return new PartitionLag(group, partition.topic(), partition.partition(), offset, end, lagTime,
                                Optional.ofNullable(owners.get(partition)));
                    })
                    .sorted(Comparator.comparing(PartitionLag::topic).thenComparingInt(PartitionLag::partition))
                    .toList();
            groups.add(new GroupLag(group, description == null ? "Unknown" : description.groupState().toString(),
                    description == null ? 0 : description.members().size(), lags));
        }
        return new LagSnapshot(brokers, groups, logEnd, earliest);
    }

    private static Duration age(Instant recordTime, Instant now) {
        Duration age = Duration.between(recordTime, now);
        return age.isNegative() ? Duration.ZERO : age;
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec) {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> request = partitions.stream().collect(Collectors.toMap(Function.identity(), p -> spec));
        return get(admin.listOffsets(request).all()).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().offset()));
    }

    /** A group's committed offsets; partitions it never committed on are left out. */
    private Map<String, Map<TopicPartition, Long>> committedOffsets(List<String> groupIds) {
        if (groupIds.isEmpty()) {
            return Map.of();
        }
        Map<String, ListConsumerGroupOffsetsSpec> request = groupIds.stream()
                .collect(Collectors.toMap(Function.identity(), group -> new ListConsumerGroupOffsetsSpec()));
        Map<String, Map<TopicPartition, OffsetAndMetadata>> all = get(admin.listConsumerGroupOffsets(request).all());
        Map<String, Map<TopicPartition, Long>> committed = new HashMap<>();
        all.forEach((group, offsets) -> {
            Map<TopicPartition, Long> known = new HashMap<>();
            offsets.forEach((partition, offset) -> {
                if (offset != null && offset.offset() >= 0) {
                    known.put(partition, offset.offset());
                }
            });
            committed.put(group, known);
        });
        return committed;
    }

    private static Map<TopicPartition, Member> owners(ConsumerGroupDescription description) {
        Map<TopicPartition, Member> owners = new HashMap<>();
        if (description != null) {
            description.members().forEach(member -> member.assignment().topicPartitions().forEach(partition ->
                    owners.put(partition, new Member(member.consumerId(), member.clientId(), member.host()))));
        }
        return owners;
    }

    private <T> T get(KafkaFuture<T> future) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while asking Kafka for lag", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka did not answer: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within " + timeout.toSeconds() + " s", e);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
