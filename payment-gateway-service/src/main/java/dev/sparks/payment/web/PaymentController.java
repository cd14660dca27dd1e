package dev.sparks.payment.web;

import dev.sparks.payment.request.PaymentRequests;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class PaymentController {

    private final PaymentRequests requests;

    PaymentController(PaymentRequests requests) {
        this.requests = requests;
    }

    @GetMapping("/v1/payments")
    List<PaymentRequests.PaymentRequest> payments(@RequestParam("customer_id") String customerId) {
        return requests.ofCustomer(customerId);
    }

    /** Attempts Stripe refused, and attempts waiting for Stripe to answer again. */
    @GetMapping("/v1/admin/payments/errors")
    List<PaymentRequests.AttemptError> errors() {
        return requests.errors();
    }

    @PostMapping("/v1/admin/payments/errors/{id}/retry")
    ResponseEntity<?> retry(@PathVariable("id") String id) {
        if (requests.retryNow(id)) {
            return ResponseEntity.accepted().body(Map.of("retried", id));
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "No failed or waiting attempt " + id + " of an unsettled payment.");
        problem.setTitle("Nothing to retry");
        return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
