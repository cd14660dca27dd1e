package dev.sparks.ingest.livekit;

import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How a LiveKit room or participant says which Sparks customer to bill: the key
 * {@code sparks_customer_id}, looked up in this order: the participant's attributes, the
 * participant's metadata (a JSON object), the room's metadata (a JSON object). Apps set it when
 * they create the room or mint the participant's token. Egress and ingress events name only their
 * room, so the room's customer is remembered from earlier events.
 */
public final class CustomerConvention {

    public static final String KEY = "sparks_customer_id";

    private static final Pattern CUSTOMER_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private CustomerConvention() {}

    public static Optional<String> of(WebhookEvent.Participant participant) {
        return valid(participant.attributes().get(KEY)).or(() -> fromMetadata(participant.metadata()));
    }

    public static Optional<String> of(WebhookEvent.Room room) {
        return fromMetadata(room.metadata());
    }

    private static Optional<String> fromMetadata(String metadata) {
        if (metadata == null || metadata.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(metadata);
            return node != null && node.isObject() ? valid(node.path(KEY).asString(null)) : Optional.empty();
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> valid(String candidate) {
        return candidate != null && CUSTOMER_ID.matcher(candidate).matches() ? Optional.of(candidate) : Optional.empty();
    }
}
