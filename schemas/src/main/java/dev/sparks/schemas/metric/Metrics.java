package dev.sparks.schemas.metric;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one registry of billable metrics, next to the topic registry because it is part of the same
 * contract: ingestion refuses a metric that is not here, and the rate card must price every one.
 */
public final class Metrics {

    /** Properties any metric may carry: who to charge internally and how the customer classified it. */
    public static final Set<String> COMMON_PROPERTIES =
            Set.of("cost_center", "subscription_tier", "usage_category", "source_app");

    public static final String TOKEN_TYPE = "token_type";

    public static final Metric AI_TOKENS = counted("ai_tokens", "token", "ai_tokens",
            Set.of("model", TOKEN_TYPE, "trace_id", "observation_id", "chatbot_id"));
    public static final Metric COMPUTE_MINUTES = new Metric("compute_minutes", "minute", "compute", 3, Set.of("job_id"), false);
    public static final Metric STORAGE_GB_MONTHS =
            new Metric("storage_gb_months", "gb_month", "storage", 6, Set.of("bucket"), false);
    public static final Metric MESSAGES = counted("messages", "message", "app", Set.of("chatbot_id", "channel"));
    public static final Metric API_CALLS = counted("api_calls", "call", "app", Set.of("endpoint"));
    public static final Metric EMAILS_PROCESSED = counted("emails_processed", "email", "app", Set.of("mailbox"));
    public static final Metric AI_RESPONSES = counted("ai_responses", "response", "app", Set.of("chatbot_id", "model"));
    public static final Metric LEADS_CREATED = counted("leads_created", "lead", "app", Set.of("campaign"));
    public static final Metric CHATBOTS = counted("chatbots", "chatbot", "app", Set.of("chatbot_id"));

    private static final Set<String> LIVEKIT_PROPERTIES =
            Set.of("livekit_room", "livekit_room_sid", "livekit_participant", "livekit_egress_id", "livekit_ingress_id");

    public static final Metric LIVEKIT_PARTICIPANT_MINUTES = liveKit("livekit_participant_minutes");
    public static final Metric LIVEKIT_AGENT_MINUTES = liveKit("livekit_agent_minutes");
    public static final Metric LIVEKIT_EGRESS_MINUTES = liveKit("livekit_egress_minutes");
    public static final Metric LIVEKIT_INGRESS_MINUTES = liveKit("livekit_ingress_minutes");

    private static final Map<String, Metric> BY_NAME = index(List.of(
            AI_TOKENS, COMPUTE_MINUTES, STORAGE_GB_MONTHS, MESSAGES, API_CALLS, EMAILS_PROCESSED, AI_RESPONSES,
            LEADS_CREATED, CHATBOTS, LIVEKIT_PARTICIPANT_MINUTES, LIVEKIT_AGENT_MINUTES, LIVEKIT_EGRESS_MINUTES,
            LIVEKIT_INGRESS_MINUTES));

    private Metrics() {}

    public static Optional<Metric> named(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    public static List<Metric> all() {
        return List.copyOf(BY_NAME.values());
    }

    private static Metric counted(String name, String unit, String category, Set<String> properties) {
        return new Metric(name, unit, category, 0, properties, false);
    }

    private static Metric liveKit(String name) {
        return new Metric(name, "minute", "livekit", 0, LIVEKIT_PROPERTIES, true);
    }

    private static Map<String, Metric> index(List<Metric> metrics) {
        Map<String, Metric> byName = new LinkedHashMap<>();
        metrics.forEach(metric -> byName.put(metric.name(), metric));
        return Collections.unmodifiableMap(byName);
    }
}
