package dev.sparks.ingest.langfuse;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One page of generation observations as Langfuse sent them.
 *
 * @param next the v2 cursor or the v1 page number of the next page; null on the last page
 */
public record ObservationPage(ApiVersion version, List<JsonNode> observations, String next) {

    public boolean last() {
        return next == null;
    }
}
