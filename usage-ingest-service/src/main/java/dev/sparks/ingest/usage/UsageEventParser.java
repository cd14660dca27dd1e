package dev.sparks.ingest.usage;

import dev.sparks.platform.web.BoundedDecimals;
import dev.sparks.schemas.metric.Metric;
import dev.sparks.schemas.metric.Metrics;
import dev.sparks.schemas.usage.RawUsageEvent;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the body of {@code POST /v1/events} into raw usage events, or refuses the whole request
 * with the first field at fault. Quantities are read as decimals straight from the JSON text,
 * never through {@code double}. Metrics, their scale and their properties come from the
 * {@link Metrics} registry; {@code occurred_at} may lie up to {@code maxAge} in the past (clients
 * retry for that long) and at most {@code maxFutureSkew} ahead (clock drift, not scheduling).
 */
public class UsageEventParser {

    public static final String SOURCE = "api";
    /** Scale of the Avro quantity field; every metric's own scale is at most this. */
    static final int QUANTITY_SCALE = 9;
    /** Set by the service from the authenticated key, never taken from the client. */
    static final String SOURCE_APP = "source_app";

    private static final Set<String> FIELDS = Set.of("event_id", "customer_id", "metric", "quantity", "occurred_at", "properties");
    private static final Pattern CUSTOMER_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");
    private static final Pattern METRIC = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private final JsonMapper json = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private final int maxBatchSize;
    private final String producer;
    private final Clock clock;
    private final Duration maxAge;
    private final Duration maxFutureSkew;

    public UsageEventParser(int maxBatchSize, String producer, Clock clock, Duration maxAge, Duration maxFutureSkew) {
        this.maxBatchSize = maxBatchSize;
        this.producer = producer;
        this.clock = clock;
        this.maxAge = maxAge;
        this.maxFutureSkew = maxFutureSkew;
    }

    /** The events of a request sent by {@code app} (the authenticated publishing app). */
    public List<RawUsageEvent> parse(String body, String app) {
        return parse(body).stream().map(event -> withApp(event, app)).toList();
    }

    private static RawUsageEvent withApp(RawUsageEvent event, String app) {
        Map<String, String> properties = new LinkedHashMap<>(event.getProperties());
        properties.put(SOURCE_APP, app);
        return RawUsageEvent.newBuilder(event).setProperties(properties).build();
    }

    public List<RawUsageEvent> parse(String body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            throw new InvalidUsageException("body", "Malformed JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidUsageException("body", "Expected one event object or {\"events\": [...]}");
        }
        if (!root.has("events")) {
            return List.of(event(root, ""));
        }
        if (root.size() != 1) {
            throw new InvalidUsageException(otherThan(root, "events"), "Unknown field next to 'events'");
        }
        JsonNode events = root.get("events");
        if (!events.isArray() || events.isEmpty()) {
            throw new InvalidUsageException("events", "Must be a non-empty array of events");
        }
        if (events.size() > maxBatchSize) {
            throw new InvalidUsageException("events", "At most " + maxBatchSize + " events per request, got " + events.size());
        }
        Instant ingestedAt = clock.instant();
        List<RawUsageEvent> parsed = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            JsonNode event = events.get(i);
            String path = "events[" + i + "].";
            if (!event.isObject()) {
                throw new InvalidUsageException("events[" + i + "]", "Must be an event object");
            }
            parsed.add(event(event, path, ingestedAt));
        }
        return List.copyOf(parsed);
    }

    private RawUsageEvent event(JsonNode event, String path) {
        return event(event, path, clock.instant());
    }


    private RawUsageEvent event(JsonNode event, String path, Instant ingestedAt) {
        for (String name : event.propertyNames()) {
            if (!FIELDS.contains(name)) {
                throw new InvalidUsageException(path + name, "Unknown field; expected one of " + FIELDS);
            }
        }
        Metric metric = metric(event, path);
        return RawUsageEvent.newBuilder()
                .setEventId(eventId(event, path))
                .setCustomerId(matching(event, path, "customer_id", CUSTOMER_ID))
                .setMetric(metric.name())
                .setQuantity(quantity(event, path, metric))
                .setOccurredAt(occurredAt(event, path, ingestedAt))
                .setProperties(properties(event, path, metric))
                .setProducer(producer)
                .setSource(SOURCE)
                .setIngestedAt(ingestedAt)
                .build();
    }

    private static String eventId(JsonNode event, String path) {
        String value = requiredText(event, path, "event_id");
        try {
            return UUID.fromString(value).toString();
        } catch (IllegalArgumentException e) {
            throw new InvalidUsageException(path + "event_id", "Must be a UUID, got '" + value + "'");
        }
    }

    private static String matching(JsonNode event, String path, String field, Pattern pattern) {
        String value = requiredText(event, path, field);
        if (!pattern.matcher(value).matches()) {
            throw new InvalidUsageException(path + field, "Must match " + pattern.pattern() + ", got '" + value + "'");
        }
        return value;
    }

    private static Metric metric(JsonNode event, String path) {
        String name = matching(event, path, "metric", METRIC);
        return Metrics.named(name).orElseThrow(() -> new InvalidUsageException(path + "metric",
                "Unknown metric '" + name + "'; known metrics: "
                        + Metrics.all().stream().map(Metric::name).toList()));
    }

    private static BigDecimal quantity(JsonNode event, String path, Metric metric) {
        JsonNode node = required(event, path, "quantity");
        BigDecimal quantity;
        if (node.isNumber()) {
            quantity = node.decimalValue();
        } else if (node.isString()) {
            try {
                quantity = new BigDecimal(node.asString().trim());
            } catch (NumberFormatException e) {
                throw new InvalidUsageException(path + "quantity", "Must be a number, got '" + node.asString() + "'");
            }
        } else {
            throw new InvalidUsageException(path + "quantity", "Must be a number");
        }
        // before any check below: printing or rescaling 1e999999999 builds a billion-digit number
        BoundedDecimals.violation(quantity).ifPresent(reason -> {
            throw new InvalidUsageException(path + "quantity", reason);
        });
        if (quantity.signum() < 0) {
            throw new InvalidUsageException(path + "quantity", "Must not be negative, got " + quantity.toPlainString());
        }
        if (quantity.stripTrailingZeros().scale() > metric.scale()) {
            throw new InvalidUsageException(path + "quantity", metric.scale() == 0
                    ? metric.name() + " is counted in whole " + metric.unit() + "s; got " + quantity.toPlainString()
                    : "At most " + metric.scale() + " decimal places for " + metric.name());
        }
        if (quantity.precision() - quantity.scale() > 38 - QUANTITY_SCALE) {
            throw new InvalidUsageException(path + "quantity", "Too large");
        }
        return quantity.setScale(QUANTITY_SCALE);
    }

    private Instant occurredAt(JsonNode event, String path, Instant now) {
        String value = requiredText(event, path, "occurred_at");
        Instant occurredAt;
        try {
            occurredAt = OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidUsageException(path + "occurred_at",
                    "Must be an ISO-8601 timestamp with offset, e.g. 2026-11-05T14:30:00Z; got '" + value + "'");
        }
        if (occurredAt.isBefore(now.minus(maxAge))) {
            throw new InvalidUsageException(path + "occurred_at",
                    "Older than " + maxAge.toDays() + " days; usage that old can no longer be accepted");
        }
        if (occurredAt.isAfter(now.plus(maxFutureSkew))) {
            throw new InvalidUsageException(path + "occurred_at",
                    "More than " + maxFutureSkew.toMinutes() + " minutes in the future; check the sender's clock");
        }
        return occurredAt;
    }

    private static Map<String, String> properties(JsonNode event, String path, Metric metric) {
        JsonNode node = event.get("properties");
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new InvalidUsageException(path + "properties", "Must be an object of strings");
        }
        Map<String, String> properties = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (!metric.allows(entry.getKey()) || entry.getKey().equals(SOURCE_APP)) {
                throw new InvalidUsageException(path + "properties." + entry.getKey(),
                        "Not a property of " + metric.name() + "; allowed: " + metric.allowedProperties()
                                + " and " + Metrics.COMMON_PROPERTIES.stream().filter(p -> !p.equals(SOURCE_APP)).toList());
            }
            if (!entry.getValue().isString()) {
                throw new InvalidUsageException(path + "properties." + entry.getKey(), "Must be a string");
            }
            properties.put(entry.getKey(), entry.getValue().asString());
        }
        return properties;
    }

    private static String requiredText(JsonNode event, String path, String field) {
        JsonNode node = required(event, path, field);
        if (!node.isString() || node.asString().isBlank()) {
            throw new InvalidUsageException(path + field, "Must be a non-empty string");
        }
        return node.asString();
    }

    private static JsonNode required(JsonNode event, String path, String field) {
        JsonNode node = event.get(field);
        if (node == null || node.isNull()) {
            throw new InvalidUsageException(path + field, "Required");
        }
        return node;
    }

    private static String otherThan(JsonNode root, String expected) {
        return root.propertyNames().stream().filter(name -> !name.equals(expected)).findFirst().orElse("body");
    }
}
