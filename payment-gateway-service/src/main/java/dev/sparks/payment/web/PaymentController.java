package dev.sparks.payment.web;

import dev.sparks.payment.request.PaymentRequests;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
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
}
