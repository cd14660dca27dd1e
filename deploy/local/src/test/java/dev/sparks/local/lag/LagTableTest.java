package dev.sparks.local.lag;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LagTableTest {

    @Test
    void printsOneAlignedLinePerGroupAndPartitionLikeKafkaConsumerGroupsDescribe() {
        PartitionLag behind = new PartitionLag("rating", "usage.raw.v1", 0, 1200, 1450, Optional.of(Duration.ofMillis(42_350)),
                Optional.of(new PartitionLag.Member("consumer-rating-1-abc", "consumer-rating-1", "/127.0.0.1")));
        PartitionLag unread = new PartitionLag("rating", "usage.raw.v1", 1, 7, 9, Optional.empty(), Optional.empty());
        PartitionLag caughtUp = new PartitionLag("invoicing-ingested-usage", "usage.ingested.v1", 11, 30, 30,
                Optional.of(Duration.ZERO), Optional.empty());
        LagSnapshot snapshot = new LagSnapshot(1, List.of(
                new GroupLag("invoicing-ingested-usage", "Empty", 0, List.of(caughtUp)),
                new GroupLag("rating", "Stable", 1, List.of(behind, unread)),
                new GroupLag("redrive", "Empty", 0, List.of())), Map.of(), Map.of());

        assertThat(LagTable.format(snapshot)).isEqualTo("""
                GROUP                     TOPIC              PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG  LAG-SECONDS  STATE
                invoicing-ingested-usage  usage.ingested.v1  11         30              30              0    0.0          Empty
                rating                    usage.raw.v1       0          1200            1450            250  42.4         Stable
                rating                    usage.raw.v1       1          7               9               2    -            Stable
                redrive                   -                  -          -               -               -    -            Empty
                """);
    }

    @Test
    void saysSoWhenThereIsNoGroup() {
        assertThat(LagTable.format(new LagSnapshot(1, List.of(), Map.of(), Map.of()))).isEqualTo("No consumer groups.\n");
    }
}
