package dev.sparks.notification.web;

import dev.sparks.notification.deadletter.DeadLetterRedriver;
import dev.sparks.notification.deadletter.RedriveReport;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Operator endpoints; like every /v1/admin/ path they need an API key or an admin token (platform's filter). */
@RestController
class NotificationAdminController {

    private final DeadLetterRedriver redriver;

    NotificationAdminController(DeadLetterRedriver redriver) {
        this.redriver = redriver;
    }

    /**
     * Sends the refused mails again and re-publishes the stage letters for customers who had no
     * address: all of them, or one customer's; with a reference, only that mail.
     */
    @PostMapping("/v1/admin/dead-letters/redrive")
    RedriveReport redrive(@RequestParam(name = "reference", required = false) String reference,
            @RequestParam(name = "customer_id", required = false) String customerId) {
        return redriver.redrive(reference, customerId);
    }
}
