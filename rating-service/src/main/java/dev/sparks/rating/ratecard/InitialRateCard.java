package dev.sparks.rating.ratecard;

import dev.sparks.rating.RatingProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The card shipped with the service ({@code sparks.rating.initial-card}), published when the
 * database holds no card at all. Runs before the rating listener starts, so no event is ever
 * dead-lettered for want of a first card.
 */
@Component
class InitialRateCard {

    private final RateCards rateCards;
    private final ResourceLoader resources;
    private final JsonMapper json;
    private final RatingProperties properties;

    InitialRateCard(RateCards rateCards, ResourceLoader resources, JsonMapper json, RatingProperties properties) {
        this.rateCards = rateCards;
        this.resources = resources;
        this.json = json;
        this.properties = properties;
    }

    void publishIfNone() {
        try (InputStream in = resources.getResource(properties.initialCard()).getInputStream()) {
            rateCards.publishInitial(json.readValue(in, RateCardDocument.class));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the initial rate card " + properties.initialCard(), e);
        }
    }
}
