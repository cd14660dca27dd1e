package dev.sparks.invoicing.revenue;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Collectors;

/** One customer's snapshots in time order, to look up its state at any instant. */
final class CustomerHistory {

    private final List<SubscriptionSnapshot> inTimeOrder;

    private CustomerHistory(List<SubscriptionSnapshot> snapshots) {
        // A stable sort: two snapshots at the same instant keep the order they were given in.
        this.inTimeOrder = snapshots.stream().sorted(Comparator.comparing(SubscriptionSnapshot::at)).toList();
    }

    /**
     * Groups snapshots by customer. Identical snapshots count once: the history is consumed from
     * Kafka, which may deliver a record twice, and a repeated trial end must not count twice.
     */
    static Collection<CustomerHistory> byCustomer(List<SubscriptionSnapshot> snapshots) {
        return snapshots.stream()
                .distinct()
                .collect(Collectors.groupingBy(SubscriptionSnapshot::customerId, LinkedHashMap::new, Collectors.toList()))
                .values().stream()
                .map(CustomerHistory::new)
                .toList();
    }

    List<SubscriptionSnapshot> inTimeOrder() {
        return inTimeOrder;
    }

    /** The state in force just before {@code instant}: the latest snapshot strictly earlier, or null. */
    SubscriptionSnapshot justBefore(Instant instant) {
        int low = 0;
        int high = inTimeOrder.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (inTimeOrder.get(middle).at().isBefore(instant)) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low == 0 ? null : inTimeOrder.get(low - 1);
    }
}
