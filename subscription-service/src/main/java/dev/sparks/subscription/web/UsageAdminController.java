package dev.sparks.subscription.web;

import dev.sparks.platform.web.Caller;
import dev.sparks.platform.web.Problems;
import dev.sparks.subscription.usage.UsageMeter;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class UsageAdminController {

    private final UsageMeter meter;

    UsageAdminController(UsageMeter meter) {
        this.meter = meter;
    }

    record Accounted(String month, long events) {}

    /** How many rated events of a month this service has counted: for reconciliation and the benchmark. */
    @GetMapping("/v1/admin/usage/accounted")
    ResponseEntity<?> accounted(Caller caller, @RequestParam String month) {
        CallerCustomers.requireAdmin(caller);
        try {
            YearMonth parsed = YearMonth.parse(month);
            return ResponseEntity.ok(new Accounted(month, meter.eventsCounted(parsed)));
        } catch (DateTimeParseException e) {
            return ResponseEntity.badRequest().body(Problems.invalidField("month", "Expected YYYY-MM, got '" + month + "'"));
        }
    }
}
