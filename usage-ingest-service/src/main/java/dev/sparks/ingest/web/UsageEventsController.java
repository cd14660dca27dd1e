package dev.sparks.ingest.web;

import dev.sparks.ingest.usage.UsageEventParser;
import dev.sparks.ingest.usage.UsagePublisher;
import dev.sparks.schemas.usage.RawUsageEvent;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /v1/events}: internal apps report usage, one event or {@code {"events": [...]}}. */
@RestController
class UsageEventsController {

    private final UsageEventParser parser;
    private final UsagePublisher publisher;

    UsageEventsController(UsageEventParser parser, UsagePublisher publisher) {
        this.parser = parser;
        this.publisher = publisher;
    }

    /** Answers 202 only once every event of the request is durably on usage.raw.v1. */
    @PostMapping(path = "/v1/events", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    Accepted accept(@RequestBody String body) {
        List<RawUsageEvent> events = parser.parse(body);
        publisher.publish(events);
        return new Accepted(events.stream().map(RawUsageEvent::getEventId).toList());
    }

    record Accepted(List<String> accepted) {}
}
