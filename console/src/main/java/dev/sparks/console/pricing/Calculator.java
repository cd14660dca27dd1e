package dev.sparks.console.pricing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The calculator's inputs: expected monthly quantities per metric, as typed. Only what parses as a
 * non-negative number with at most 9 decimals (what ingest accepts) is priced; anything else is named
 * back to the user beside its field.
 */
record Calculator(Map<String, String> typed, Map<String, BigDecimal> quantities, Map<String, String> errors) {

    /** The metrics the calculator offers, with their labels; priced by the rate card, never here. */
    static final Map<String, String> METRICS = labels();

    private static final BigDecimal MAX = new BigDecimal("1000000000000");

    private static Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("ai_tokens", "AI tokens per month");
        labels.put("compute_minutes", "Compute minutes per month");
        labels.put("storage_gb_months", "Storage (GB, kept all month)");
        return labels;
    }

    static Calculator of(Map<String, String> parameters) {
        Map<String, String> typed = new LinkedHashMap<>();
        Map<String, BigDecimal> quantities = new LinkedHashMap<>();
        Map<String, String> errors = new LinkedHashMap<>();
        for (String metric : METRICS.keySet()) {
            String value = parameters.getOrDefault(metric, "").trim().replace(",", "");
            typed.put(metric, value);
            if (value.isEmpty()) {
                continue;
            }
            try {
                BigDecimal quantity = new BigDecimal(value);
                if (quantity.signum() < 0 || quantity.compareTo(MAX) > 0 || quantity.stripTrailingZeros().scale() > 9) {
                    errors.put(metric, "Enter a number from 0 to 1,000,000,000,000 with at most 9 decimals.");
                } else if (quantity.signum() > 0) {
                    quantities.put(metric, quantity);
                }
            } catch (NumberFormatException e) {
                errors.put(metric, "Enter a number, such as 250000.");
            }
        }
        return new Calculator(typed, quantities, errors);
    }

    boolean ready() {
        return errors.isEmpty() && !quantities.isEmpty();
    }

    List<PricingShapes.Item> items() {
        List<PricingShapes.Item> items = new ArrayList<>();
        quantities.forEach((metric, quantity) -> items.add(new PricingShapes.Item(metric, quantity, Map.of())));
        return items;
    }
}
