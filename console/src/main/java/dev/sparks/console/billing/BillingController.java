package dev.sparks.console.billing;

import dev.sparks.console.signin.SignedInUser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The customer's billing overview. */
@Controller
class BillingController {

    private final BillingOverview overview;
    private final Clock clock;

    BillingController(BillingOverview overview, Clock clock) {
        this.overview = overview;
        this.clock = clock;
    }

    @GetMapping("/billing")
    String overview(SignedInUser user, Model model) {
        if (user.admin() && user.customerId() == null) {
            return "redirect:/admin";
        }
        BillingOverview.Overview page = overview.of(user);
        model.addAttribute("page", page);
        model.addAttribute("trialDaysLeft", trialDaysLeft(page));
        return "billing/overview";
    }

    /**
     * Days left in a trial, counted from the services' business time (the upcoming invoice's
     * {@code as_of}) when there is one, so a pinned clock on the stack gives the same answer as its notices.
     */
    private Long trialDaysLeft(BillingOverview.Overview page) {
        String trialEnd = page.subscription().trialEndsAt();
        if (trialEnd == null || !"trialing".equals(page.subscription().state())) {
            return null;
        }
        Instant now = page.upcoming().map(upcoming -> Instant.parse(upcoming.asOf())).orElseGet(clock::instant);
        Duration left = Duration.between(now, OffsetDateTime.parse(trialEnd).toInstant());
        return Math.max(0, (left.toHours() + 23) / 24);
    }
}
