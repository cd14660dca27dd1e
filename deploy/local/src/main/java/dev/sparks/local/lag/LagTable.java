package dev.sparks.local.lag;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A snapshot as {@code kafka-consumer-groups --describe} prints it, one line per group and
 * partition, plus how long the oldest waiting record has waited. A group that never committed an
 * offset gets one line of dashes, so that it is still seen.
 */
public final class LagTable {

    static final List<String> HEADER = List.of("GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG",
            "LAG-SECONDS", "STATE");

    private LagTable() {}

    public static String format(LagSnapshot snapshot) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (GroupLag group : snapshot.groups()) {
            if (group.partitions().isEmpty()) {
                rows.add(List.of(group.group(), "-", "-", "-", "-", "-", "-", group.state()));
            }
            for (PartitionLag lag : group.partitions()) {
                rows.add(List.of(group.group(), lag.topic(), String.valueOf(lag.partition()),
                        String.valueOf(lag.currentOffset()), String.valueOf(lag.logEndOffset()), String.valueOf(lag.lag()),
                        seconds(lag.lagTime()), group.state()));
            }
        }
        if (rows.size() == 1) {
            return "No consumer groups.\n";
        }
        int[] widths = new int[HEADER.size()];
        rows.forEach(row -> {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        });
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(String.format("%-" + widths[i] + "s", row.get(i)));
                if (i < row.size() - 1) {
                    line.append("  ");
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** One decimal; a dash when the record could not be read in time. */
    static String seconds(Optional<Duration> lagTime) {
        return lagTime.map(time -> BigDecimal.valueOf(time.toMillis(), 3).setScale(1, RoundingMode.HALF_UP).toPlainString())
                .orElse("-");
    }
}
