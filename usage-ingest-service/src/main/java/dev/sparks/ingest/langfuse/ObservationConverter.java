package dev.sparks.ingest.langfuse;

import dev.sparks.platform.web.BoundedDecimals;
import dev.sparks.schemas.metric.Metrics;
import dev.sparks.schemas.usage.RawUsageEvent;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * One Langfuse generation observation → {@code ai_tokens} usage events, one per token type
 * ({@code input}, {@code output}; {@code total} only when Langfuse has no breakdown). Event ids are
 * derived from the observation id and token type, so pulling the same observation again yields the
 * same events and downstream idempotency counts them once.
 */
public class ObservationConverter {

    public static final String SOURCE = "langfuse";
    static final List<String> COPIED_METADATA = List.of("subscription_tier", "usage_category", "cost_center", "chatbot_id");
    private static final Pattern CUSTOMER_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");
    private static final int QUANTITY_SCALE = 9;

    private final String producer;
    private final Clock clock;

    public ObservationConverter(String producer, Clock clock) {
        this.producer = producer;
        this.clock = clock;
    }

    public static String eventId(String observationId, String tokenType) {
        return UUID.nameUUIDFromBytes(("langfuse:" + observationId + ":" + tokenType).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /**
     * @param trace            the observation's trace when it was fetched (v1, or to find the customer)
     * @param customerOverride a customer chosen by an operator resolving a logged error, or null
     */
    public Conversion convert(JsonNode observation, JsonNode trace, String customerOverride) {
        String id = text(observation, "id");
        String traceId = text(observation, "traceId");
        try {
            if (id == null) {
                throw new Invalid("observation has no id");
            }
            JsonNode metadata = ObservationMetadata.merged(observation, trace);
            String customer = customer(observation, trace, metadata, customerOverride);
            Instant occurredAt = startTime(observation);
            Map<String, String> properties = properties(observation, id, traceId, metadata);
            Instant ingestedAt = clock.instant();
            List<RawUsageEvent> events = new ArrayList<>();
            tokens(observation).forEach((tokenType, quantity) -> {
                Map<String, String> eventProperties = new LinkedHashMap<>(properties);
                eventProperties.put(Metrics.TOKEN_TYPE, tokenType);
                events.add(RawUsageEvent.newBuilder()
                        .setEventId(eventId(id, tokenType))
                        .setOccurredAt(occurredAt)
                        .setCustomerId(customer)
                        .setProducer(producer)
                        .setSource(SOURCE)
                        .setMetric(Metrics.AI_TOKENS.name())
                        .setQuantity(quantity.setScale(QUANTITY_SCALE))
                        .setIngestedAt(ingestedAt)
                        .setProperties(eventProperties)
                        .build());
            });
            return new Conversion.Converted(id, traceId, List.copyOf(events));
        } catch (Invalid e) {
            return new Conversion.Invalid(id, traceId, e.getMessage());
        }
    }

    private static String customer(JsonNode observation, JsonNode trace, JsonNode metadata, String override) {
        String customer = override != null ? override
                : firstText(text(observation, "userId"), trace == null ? null : text(trace, "userId"),
                        ObservationMetadata.text(metadata, "customer_id"));
        if (customer == null) {
            throw new Invalid("no customer: neither the trace's userId nor metadata.customer_id is set");
        }
        if (!CUSTOMER_ID.matcher(customer).matches()) {
            throw new Invalid("customer id '" + customer + "' does not match " + CUSTOMER_ID.pattern());
        }
        return customer;
    }

    private static Instant startTime(JsonNode observation) {
        String startTime = text(observation, "startTime");
        if (startTime == null) {
            throw new Invalid("observation has no startTime");
        }
        try {
            return OffsetDateTime.parse(startTime).toInstant();
        } catch (DateTimeParseException e) {
            throw new Invalid("startTime '" + startTime + "' is not an ISO-8601 timestamp");
        }
    }

    private static Map<String, String> properties(JsonNode observation, String id, String traceId, JsonNode metadata) {
        Map<String, String> properties = new LinkedHashMap<>();
        String model = firstText(text(observation, "providedModelName"), text(observation, "model"));
        if (model != null) {
            properties.put("model", model);
        }
        if (traceId != null) {
            properties.put("trace_id", traceId);
        }
        properties.put("observation_id", id);
        for (String key : COPIED_METADATA) {
            String value = ObservationMetadata.text(metadata, key);
            if (value != null) {
                properties.put(key, value);
            }
        }
        return properties;
    }

    /** Token counts by type; only {@code total} when there is no input/output breakdown. */
    private static Map<String, BigDecimal> tokens(JsonNode observation) {
        JsonNode usage = observation.path("usageDetails");
        JsonNode legacy = observation.path("usage"); // the usage object of older SDKs and v1
        if ((!usage.isObject() || usage.isEmpty()) && legacy.isObject() && !legacy.isEmpty()) {
            usage = legacy;
        }
        if (!usage.isObject()) {
            throw new Invalid("observation has no usageDetails");
        }
        Map<String, BigDecimal> tokens = new LinkedHashMap<>();
        for (String type : List.of("input", "output")) {
            count(usage, type, tokens);
        }
        if (tokens.isEmpty()) {
            count(usage, "total", tokens);
        }
        if (tokens.isEmpty()) {
            throw new Invalid("usageDetails has no input, output or total token count");
        }
        tokens.values().removeIf(quantity -> quantity.signum() == 0);
        return tokens;
    }

    private static void count(JsonNode usage, String type, Map<String, BigDecimal> tokens) {
        JsonNode node = usage.get(type);
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.isNumber()) {
            throw new Invalid("usageDetails." + type + " is not a number: " + node);
        }
        BigDecimal quantity = node.decimalValue();
        Optional<String> unbounded = BoundedDecimals.violation(quantity); // before any arithmetic or printing
        if (unbounded.isPresent()) {
            throw new Invalid("usageDetails." + type + ": " + unbounded.get());
        }
        if (quantity.signum() < 0) {
            throw new Invalid("usageDetails." + type + " is negative: " + quantity.toPlainString());
        }
        if (quantity.stripTrailingZeros().scale() > 0) {
            throw new Invalid("usageDetails." + type + " is not a whole number of tokens: " + quantity.toPlainString());
        }
        tokens.put(type, quantity.setScale(0));
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isString() || value.asString().isBlank() ? null : value.asString();
    }

    private static String firstText(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null) {
                return candidate;
            }
        }
        return null;
    }

    /** Why an observation cannot be billed; caught within {@link #convert}. */
    static final class Invalid extends RuntimeException {
        Invalid(String reason) {
            super(reason, null, false, false);
        }
    }
}
