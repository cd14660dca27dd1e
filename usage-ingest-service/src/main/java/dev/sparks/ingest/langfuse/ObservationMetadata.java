package dev.sparks.ingest.langfuse;

import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The metadata Sparks reads from Langfuse: the observation's own metadata first, then its trace's
 * (Flowise and LangChain put {@code customer_id}, {@code subscription_tier}, ... on either).
 * Langfuse stores metadata as any JSON; a JSON object serialised into a string is read as well.
 */
final class ObservationMetadata {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ObservationMetadata() {}

    static JsonNode merged(JsonNode observation, JsonNode trace) {
        ObjectNode merged = JsonNodeFactory.instance.objectNode();
        for (JsonNode source : trace == null ? List.of(observation) : List.of(trace, observation)) {
            JsonNode metadata = object(source.get("metadata"));
            metadata.properties().forEach(entry -> merged.set(entry.getKey(), entry.getValue()));
        }
        return merged;
    }

    /** A scalar metadata value as text; anything else in a field Sparks reads is an error. */
    static String text(JsonNode metadata, String key) {
        JsonNode value = metadata.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isValueNode()) {
            throw new ObservationConverter.Invalid("metadata." + key + " must be a string, got " + value);
        }
        String text = value.asString();
        return text.isBlank() ? null : text;
    }

    private static JsonNode object(JsonNode metadata) {
        if (metadata != null && metadata.isString()) {
            try {
                metadata = JSON.readTree(metadata.asString());
            } catch (JacksonException notJson) {
                return JsonNodeFactory.instance.objectNode();
            }
        }
        return metadata != null && metadata.isObject() ? metadata : JsonNodeFactory.instance.objectNode();
    }
}
