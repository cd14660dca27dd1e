package dev.sparks.rating.web;

import dev.sparks.rating.deadletter.DeadLetterRedriver;
import dev.sparks.rating.deadletter.RedriveReport;
import dev.sparks.rating.rerate.RerateReport;
import dev.sparks.rating.rerate.RerateRequest;
import dev.sparks.rating.rerate.Rerater;
import dev.sparks.rating.ratecard.RateCardException;
import java.time.Instant;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class RatingAdminController {

    private final Rerater rerater;
    private final DeadLetterRedriver redriver;

    RatingAdminController(Rerater rerater, DeadLetterRedriver redriver) {
        this.rerater = rerater;
        this.redriver = redriver;
    }

    /** {@code customer_id} or {@code all: true}, never neither: re-rating everyone must be asked for. */
    record RerateBody(String customerId, Boolean all, Instant from, Instant to, String targetVersion) {}

    @PostMapping("/v1/admin/rerate")
    RerateReport rerate(@RequestBody RerateBody body) {
        boolean all = Boolean.TRUE.equals(body.all());
        if (all == (body.customerId() != null)) {
            throw RateCardException.invalid("customer_id", "Give either customer_id or \"all\": true");
        }
        return rerater.rerate(new RerateRequest(all ? null : body.customerId(), body.from(), body.to(), body.targetVersion()));
    }

    @PostMapping("/v1/admin/dead-letters/redrive")
    RedriveReport redrive() {
        return redriver.redrive();
    }
}
