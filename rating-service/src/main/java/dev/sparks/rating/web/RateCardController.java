package dev.sparks.rating.web;

import dev.sparks.rating.ratecard.PublishedCards;
import dev.sparks.rating.ratecard.RateCardDocument;
import dev.sparks.rating.ratecard.RateCardException;
import dev.sparks.rating.ratecard.RateCards;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class RateCardController {

    private final RateCards rateCards;
    private final PublishedCards publishedCards;

    RateCardController(RateCards rateCards, PublishedCards publishedCards) {
        this.rateCards = rateCards;
        this.publishedCards = publishedCards;
    }

    @PostMapping("/v1/admin/rate-cards")
    ResponseEntity<RateCardDocument> createDraft(@RequestBody RateCardDocument document) {
        RateCardDocument created = RateCardDocument.of(rateCards.createDraft(document));
        return ResponseEntity.created(URI.create("/v1/admin/rate-cards/" + created.version())).body(created);
    }

    @PostMapping("/v1/admin/rate-cards/{version}/publish")
    RateCardDocument publish(@PathVariable String version) {
        RateCardDocument published = RateCardDocument.of(rateCards.publish(version));
        publishedCards.refresh();
        return published;
    }

    @GetMapping("/v1/admin/rate-cards")
    List<RateCardDocument> list() {
        return rateCards.all().stream().map(RateCardDocument::of).toList();
    }

    @GetMapping("/v1/admin/rate-cards/{version}")
    RateCardDocument show(@PathVariable String version) {
        return rateCards.find(version).map(RateCardDocument::of).orElseThrow(() ->
                new RateCardException(RateCardException.Kind.NOT_FOUND, "version", "No rate card " + version));
    }

    static HttpStatus status(RateCardException.Kind kind) {
        return switch (kind) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case CONFLICT -> HttpStatus.CONFLICT;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
        };
    }
}
