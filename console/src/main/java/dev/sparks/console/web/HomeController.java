package dev.sparks.console.web;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** {@code /}: a signed-in user's own page, everyone else the pricing page. */
@Controller
class HomeController {

    private final Clock clock;

    HomeController(Clock clock) {
        this.clock = clock;
    }

    @GetMapping("/")
    String home(HttpServletRequest request) {
        return SignedInAccess.current(request, clock)
                .map(user -> user.admin() && user.customerId() == null ? "redirect:/admin" : "redirect:/billing")
                .orElse("redirect:/pricing");
    }
}
