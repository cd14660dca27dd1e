package dev.sparks.rating.preview;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** Price these quantities now, for a customer (its plan and month so far) or for a plan. */
public record PreviewRequest(String customerId, String plan, List<Item> items) {

    public record Item(String metric, BigDecimal quantity, Map<String, String> properties, BigDecimal providerUnitCostUsd) {}
}
