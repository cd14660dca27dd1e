package dev.sparks.platform.time;

import dev.sparks.platform.web.Problems;
import java.math.BigDecimal;
import java.time.Instant;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/admin/clock}: reads and moves this service's business time. Registered only when
 * {@code sparks.platform.clock.adjustable} is set, which the local stack does for demos and tests
 * so that a month can begin, fill with usage and end within a minute of real time.
 */
@RestController
public class ClockController {

    public record ClockView(Instant now, boolean shifted, BigDecimal rate) {}

    public record MoveRequest(Instant now, BigDecimal rate) {}

    private final ShiftedClock clock;

    public ClockController(ShiftedClock clock) {
        this.clock = clock;
    }

    @GetMapping("/v1/admin/clock")
    public ClockView current() {
        ShiftedClock.Shift shift = clock.shift();
        return new ClockView(clock.instant(), shift != null, shift == null ? null : shift.rate());
    }

    @PutMapping("/v1/admin/clock")
    public ResponseEntity<?> move(@RequestBody MoveRequest request) {
        if (request.now() == null) {
            return ResponseEntity.badRequest().body(Problems.invalidField("now", "The instant to move to is required"));
        }
        BigDecimal rate = request.rate() == null ? BigDecimal.ONE : request.rate();
        if (rate.signum() <= 0) {
            return ResponseEntity.badRequest().body(Problems.invalidField("rate", "Must be positive"));
        }
        clock.moveTo(request.now(), rate);
        return ResponseEntity.ok(current());
    }
}
