package dev.sparks.invoicing.invoice;

import java.util.Map;

/** How usage categories read on an invoice. */
final class Categories {

    private static final Map<String, String> LABELS = Map.of(
            "ai_tokens", "AI tokens",
            "compute", "Compute",
            "storage", "Storage",
            "livekit", "LiveKit",
            "app", "App metrics");

    private Categories() {}

    static String label(String category) {
        return LABELS.getOrDefault(category, category);
    }
}
