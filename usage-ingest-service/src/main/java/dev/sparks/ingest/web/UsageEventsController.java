package dev.sparks.ingest.web;

import dev.sparks.ingest.appkey.AppKeyFilter;
import dev.sparks.ingest.usage.UsageEventParser;
import dev.sparks.ingest.usage.UsageIntake;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /v1/events}: internal apps report usage, one event or {@code {"events": [...]}}. */
@RestController
class UsageEventsController {

    static final String SOURCE = "api";

    private final UsageEventParser parser;
    private final UsageIntake intake;

    UsageEventsController(UsageEventParser parser, UsageIntake intake) {
        this.parser = parser;
        this.intake = intake;
    }

    /**
     * Answers 202 only once every event of the request is durably on usage.raw.v1. An id accepted
     * before is answered as a duplicate, also with 202: the client's retry succeeded.
     */
    @PostMapping(path = "/v1/events", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    Accepted accept(@RequestBody String body, @RequestAttribute(AppKeyFilter.APP) String app) {
        UsageIntake.Outcome outcome = intake.take(SOURCE, parser.parse(body, app));
        return new Accepted(outcome.accepted(), outcome.duplicates());
    }

    record Accepted(List<String> accepted, List<String> duplicates) {}
}
