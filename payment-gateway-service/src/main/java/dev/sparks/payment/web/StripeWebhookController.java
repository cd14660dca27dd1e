package dev.sparks.payment.web;

import com.stripe.model.Event;
import dev.sparks.payment.webhook.WebhookInbox;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /stripe/webhook}: authenticated by Stripe's signature, not by an API key
 * ({@code sparks.platform.self-authenticated-paths}). The body is taken as raw bytes: the signature
 * covers them exactly. A delivery that fails verification gets 400 and changes nothing; a
 * verified one is stored and answered at once, processing follows.
 */
@RestController
class StripeWebhookController {

    private static final Logger log = LoggerFactory.getLogger(StripeWebhookController.class);

    private final WebhookInbox inbox;

    StripeWebhookController(WebhookInbox inbox) {
        this.inbox = inbox;
    }

    @PostMapping("/stripe/webhook")
    ResponseEntity<?> receive(@RequestBody byte[] body,
            @RequestHeader(name = "Stripe-Signature", required = false) String signature) {
        String payload = new String(body, StandardCharsets.UTF_8);
        Optional<Event> event = inbox.verify(payload, signature);
        if (event.isEmpty()) {
            log.warn("Stripe webhook refused: signature missing, forged, tampered with or expired");
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                    "The Stripe-Signature header does not verify for this body with any configured secret within the tolerance.");
            problem.setTitle("Invalid webhook signature");
            return ResponseEntity.badRequest().contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON).body(problem);
        }
        WebhookInbox.Receipt receipt = inbox.store(event.get(), payload);
        return ResponseEntity.ok(Map.of("received", true, "duplicate", receipt == WebhookInbox.Receipt.DUPLICATE));
    }
}
