package dev.sparks.ingest.livekit;

import dev.sparks.ingest.IngestProperties;
import dev.sparks.ingest.intake.IngestCounters;
import dev.sparks.platform.outbox.Outbox;
import dev.sparks.platform.web.Problems;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /webhooks/livekit}. The signature is checked against the raw bytes before anything
 * is parsed; the answer is 200 only once the delivery's usage is on Kafka, so LiveKit's retry (on
 * any other answer) is the only recovery a failure ever needs.
 */
@RestController
class LiveKitWebhookController {

    private final WebhookVerifier verifier;
    private final LiveKitWebhooks webhooks;
    private final Outbox outbox;
    private final IngestProperties properties;
    private final IngestCounters counters;

    LiveKitWebhookController(WebhookVerifier verifier, LiveKitWebhooks webhooks, Outbox outbox,
            IngestProperties properties, IngestCounters counters) {
        this.verifier = verifier;
        this.webhooks = webhooks;
        this.outbox = outbox;
        this.properties = properties;
        this.counters = counters;
    }

    @PostMapping("/webhooks/livekit")
    ResponseEntity<?> receive(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestBody(required = false) byte[] body) {
        byte[] raw = body == null ? new byte[0] : body;
        try {
            verifier.verify(authorization, raw);
        } catch (InvalidWebhookException e) {
            counters.rejected(LiveKitWebhooks.SOURCE, "signature", 1);
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, e.getMessage());
            problem.setTitle("Webhook not signed by a configured LiveKit key");
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(problem);
        }
        WebhookEvent event;
        try {
            event = WebhookEvent.parse(raw);
        } catch (IllegalArgumentException e) {
            counters.rejected(LiveKitWebhooks.SOURCE, "malformed", 1);
            String[] fieldAndDetail = e.getMessage().split(": ", 2);
            return ResponseEntity.badRequest().body(Problems.invalidField(fieldAndDetail[0], fieldAndDetail[1]));
        }
        LiveKitWebhooks.Applied applied = webhooks.apply(event, raw);
        if (!outbox.awaitPublished(applied.outboxEventIds(), properties.livekit().publishWait())) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                    "The delivery is stored but its usage is not on Kafka yet; a retry is answered as a duplicate.");
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, "5").body(problem);
        }
        String status = applied.duplicate() ? "duplicate" : applied.ignored() ? "ignored" : "applied";
        return ResponseEntity.ok(new Answer(event.id(), status,
                applied.usage().stream().map(usage -> usage.getEventId()).toList(), applied.deadLetters().size()));
    }

    record Answer(String id, String status, List<String> usageEventIds, int deadLettered) {}
}
