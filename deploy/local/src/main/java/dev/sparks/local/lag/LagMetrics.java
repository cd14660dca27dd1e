package dev.sparks.local.lag;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * A snapshot in Prometheus' text format, under the names community dashboards and our rules read:
 * kafka_exporter's for offsets, lag in records and members ({@code consumergroup}, {@code topic},
 * {@code partition} labels), and kafka-lag-exporter's {@code kafka_consumergroup_group_lag_seconds}
 * (labels {@code cluster_name}, {@code group}, {@code topic}, {@code partition}, and the owning
 * member's {@code member_host}, {@code consumer_id}, {@code client_id}) for lag in time, which
 * kafka_exporter does not have. Here it is measured, the age of the oldest unconsumed record, not
 * interpolated.
 */
public final class LagMetrics {

    private static final Comparator<TopicPartition> BY_TOPIC_PARTITION =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private final String clusterName;
    private final StringBuilder out = new StringBuilder();

    private LagMetrics(String clusterName) {
        this.clusterName = clusterName;
    }

    public static String format(LagSnapshot snapshot, String clusterName) {
        return new LagMetrics(clusterName).write(snapshot);
    }

    private String write(LagSnapshot snapshot) {
        family("kafka_brokers", "Number of Brokers in the Kafka Cluster.");
        sample("kafka_brokers", Map.of(), String.valueOf(snapshot.brokers()));

        Map<String, Integer> partitionsPerTopic = new TreeMap<>();
        snapshot.logEndOffsets().keySet().forEach(p -> partitionsPerTopic.merge(p.topic(), 1, Integer::sum));
        family("kafka_topic_partitions", "Number of partitions for this Topic");
        partitionsPerTopic.forEach((topic, count) -> sample("kafka_topic_partitions", labels("topic", topic), count.toString()));
        partitionOffsets("kafka_topic_partition_current_offset", "Current Offset of a Broker at Topic/Partition",
                snapshot.logEndOffsets());
        partitionOffsets("kafka_topic_partition_oldest_offset", "Oldest Offset of a Broker at Topic/Partition",
                snapshot.oldestOffsets());

        family("kafka_consumergroup_members", "Amount of members in a consumer group");
        snapshot.groups().forEach(g -> sample("kafka_consumergroup_members", labels("consumergroup", g.group()),
                String.valueOf(g.members())));
        family("kafka_consumergroup_current_offset", "Current Offset of a ConsumerGroup at Topic/Partition");
        eachPartition(snapshot, lag -> sample("kafka_consumergroup_current_offset", exporterLabels(lag),
                String.valueOf(lag.currentOffset())));
        family("kafka_consumergroup_lag", "Current Approximate Lag of a ConsumerGroup at Topic/Partition");
        eachPartition(snapshot, lag -> sample("kafka_consumergroup_lag", exporterLabels(lag), String.valueOf(lag.lag())));
        family("kafka_consumergroup_lag_sum", "Current Approximate Lag of a ConsumerGroup at Topic for all partitions");
        for (GroupLag group : snapshot.groups()) {
            Map<String, Long> perTopic = new TreeMap<>();
            group.partitions().forEach(lag -> perTopic.merge(lag.topic(), lag.lag(), Long::sum));
            perTopic.forEach((topic, sum) -> sample("kafka_consumergroup_lag_sum",
                    labels("consumergroup", group.group(), "topic", topic), sum.toString()));
        }

        family("kafka_consumergroup_group_lag_seconds",
                "Age of the oldest record the group has not consumed (0 when none waits), in seconds");
        eachPartition(snapshot, lag -> lag.lagTime().ifPresent(time ->
                sample("kafka_consumergroup_group_lag_seconds", lagExporterLabels(lag), seconds(time))));
        family("kafka_consumergroup_group_max_lag_seconds", "Largest lag in seconds of the group over its partitions");
        for (GroupLag group : snapshot.groups()) {
            group.partitions().stream().flatMap(lag -> lag.lagTime().stream()).max(Comparator.naturalOrder())
                    .ifPresent(max -> sample("kafka_consumergroup_group_max_lag_seconds",
                            labels("cluster_name", clusterName, "group", group.group()), seconds(max)));
        }
        return out.toString();
    }

    private void partitionOffsets(String name, String help, Map<TopicPartition, Long> offsets) {
        family(name, help);
        offsets.entrySet().stream().sorted(Map.Entry.comparingByKey(BY_TOPIC_PARTITION)).forEach(entry -> sample(name,
                labels("partition", String.valueOf(entry.getKey().partition()), "topic", entry.getKey().topic()),
                entry.getValue().toString()));
    }

    private static void eachPartition(LagSnapshot snapshot, java.util.function.Consumer<PartitionLag> action) {
        snapshot.groups().forEach(group -> group.partitions().forEach(action));
    }

    private static Map<String, String> exporterLabels(PartitionLag lag) {
        return labels("consumergroup", lag.group(), "partition", String.valueOf(lag.partition()), "topic", lag.topic());
    }

    private Map<String, String> lagExporterLabels(PartitionLag lag) {
        return labels("cluster_name", clusterName, "group", lag.group(), "topic", lag.topic(),
                "partition", String.valueOf(lag.partition()),
                "member_host", lag.owner().map(PartitionLag.Member::host).orElse(""),
                "consumer_id", lag.owner().map(PartitionLag.Member::consumerId).orElse(""),
                "client_id", lag.owner().map(PartitionLag.Member::clientId).orElse(""));
    }

    /** Seconds with millisecond precision, written from whole milliseconds (no binary fractions). */
    static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis(), 3).toPlainString();
    }

    private static Map<String, String> labels(String... namesAndValues) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            labels.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return labels;
    }

    private void family(String name, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" gauge\n");
    }

    private void sample(String name, Map<String, String> labels, String value) {
        out.append(name);
        if (!labels.isEmpty()) {
            out.append('{');
            String separator = "";
            for (Map.Entry<String, String> label : labels.entrySet()) {
                out.append(separator).append(label.getKey()).append("=\"").append(escape(label.getValue())).append('"');
                separator = ",";
            }
            out.append('}');
        }
        out.append(' ').append(value).append('\n');
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
