package dev.sparks.ingest.livekit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The parts of LiveKit's {@code WebhookEvent} (protobuf JSON, camelCase) that billing needs. Int64
 * fields may arrive as JSON strings (protobuf's JSON mapping) or numbers; both are read. Times:
 * {@code createdAt} and {@code joinedAt} are seconds, egress and ingress times nanoseconds.
 */
public record WebhookEvent(
        String id,
        String event,
        Instant createdAt,
        Optional<Room> room,
        Optional<Participant> participant,
        Optional<Egress> egress,
        Optional<Ingress> ingress) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String[] PARTICIPANT_KINDS = {"STANDARD", "INGRESS", "EGRESS", "SIP", "AGENT"};

    public record Room(String sid, String name, String metadata) {}

    public record Participant(
            String sid, String identity, String kind, Optional<Instant> joinedAt, String metadata,
            Map<String, String> attributes) {}

    public record Egress(String egressId, String roomName, Optional<Instant> startedAt, Optional<Instant> endedAt) {}

    public record Ingress(String ingressId, String roomName, Optional<Instant> startedAt, Optional<Instant> endedAt) {}

    /** Parses a verified body; throws {@link IllegalArgumentException} naming the field at fault. */
    public static WebhookEvent parse(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("body: malformed JSON");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("body: expected a WebhookEvent object");
        }
        String id = text(root, "id");
        String event = text(root, "event");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("id: required");
        }
        if (event.isEmpty()) {
            throw new IllegalArgumentException("event: required");
        }
        Instant createdAt = int64(root.path("createdAt")).map(Instant::ofEpochSecond)
                .orElseThrow(() -> new IllegalArgumentException("createdAt: required"));
        return new WebhookEvent(id, event, createdAt,
                object(root, "room").map(WebhookEvent::room),
                object(root, "participant").map(WebhookEvent::participant),
                object(root, "egressInfo").map(WebhookEvent::egress),
                object(root, "ingressInfo").map(WebhookEvent::ingress));
    }

    private static Room room(JsonNode node) {
        return new Room(text(node, "sid"), text(node, "name"), text(node, "metadata"));
    }

    private static Participant participant(JsonNode node) {
        Optional<Instant> joinedAt = int64(node.path("joinedAtMs")).map(Instant::ofEpochMilli)
                .or(() -> int64(node.path("joinedAt")).filter(seconds -> seconds > 0).map(Instant::ofEpochSecond));
        Map<String, String> attributes = new LinkedHashMap<>();
        node.path("attributes").properties().forEach(e -> attributes.put(e.getKey(), e.getValue().asString("")));
        return new Participant(text(node, "sid"), text(node, "identity"), kind(node.path("kind")), joinedAt,
                text(node, "metadata"), Map.copyOf(attributes));
    }

    private static Egress egress(JsonNode node) {
        return new Egress(text(node, "egressId"), text(node, "roomName"), nanos(node.path("startedAt")),
                nanos(node.path("endedAt")));
    }

    private static Ingress ingress(JsonNode node) {
        JsonNode state = node.path("state");
        return new Ingress(text(node, "ingressId"), text(node, "roomName"), nanos(state.path("startedAt")),
                nanos(state.path("endedAt")));
    }

    /** Protobuf JSON writes enums by name; older encoders wrote the number. Absent means STANDARD. */
    private static String kind(JsonNode node) {
        if (node.isNumber() && node.asInt() >= 0 && node.asInt() < PARTICIPANT_KINDS.length) {
            return PARTICIPANT_KINDS[node.asInt()];
        }
        return node.isString() && !node.asString().isBlank() ? node.asString() : "STANDARD";
    }

    private static Optional<JsonNode> object(JsonNode root, String field) {
        JsonNode node = root.get(field);
        return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : value.asString("");
    }

    private static Optional<Instant> nanos(JsonNode node) {
        return int64(node).filter(n -> n > 0).map(n -> Instant.ofEpochSecond(0, n));
    }

    private static Optional<Long> int64(JsonNode node) {
        if (node.isIntegralNumber()) {
            return Optional.of(node.asLong());
        }
        if (node.isString()) {
            try {
                return Optional.of(Long.parseLong(node.asString().trim()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
