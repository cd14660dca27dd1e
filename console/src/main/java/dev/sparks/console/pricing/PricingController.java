package dev.sparks.console.pricing;

import dev.sparks.console.ConsoleProperties;
import dev.sparks.console.api.ServiceClient;
import dev.sparks.console.web.PageException;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.core.type.TypeReference;

/**
 * The public pricing page: the tiers from subscription-service's catalogue, monthly or annual with
 * the saving, and a calculator priced by rating-service's preview for a plan (never for a customer),
 * so the page prices usage exactly as the rate card an invoice uses. A plain GET form: it works
 * without script, and a result can be linked.
 */
@Controller
class PricingController {

    private final ServiceClient client;
    private final ConsoleProperties properties;

    PricingController(ServiceClient client, ConsoleProperties properties) {
        this.client = client;
        this.properties = properties;
    }

    /** A plan's place beside the estimate: included, or how far over and what happens then. */
    record Fit(PricingShapes.Plan plan, boolean included, BigDecimal overSparks) {}

    @GetMapping("/pricing")
    String pricing(@RequestParam(defaultValue = "monthly") String interval, @RequestParam(required = false) String plan,
            @RequestParam Map<String, String> parameters, Model model) {
        String key = properties.serviceKey();
        if (key == null || key.isBlank()) {
            throw new PageException(503, "Pricing unavailable", "The console has no service key for the plan catalogue.");
        }
        List<PricingShapes.Plan> plans = client.get(properties.services().subscription(), "/v1/plans", key,
                new TypeReference<List<PricingShapes.Plan>>() {}).stream()
                .sorted(Comparator.comparingInt(PricingShapes.Plan::tier)).toList();
        boolean annual = "annual".equals(interval);
        String chosen = plans.stream().map(PricingShapes.Plan::planId).filter(id -> id.equals(plan)).findFirst()
                .orElse(plans.stream().filter(each -> each.monthlyPrice().signum() > 0).map(PricingShapes.Plan::planId)
                        .findFirst().orElse(plans.isEmpty() ? null : plans.getFirst().planId()));
        Calculator calculator = Calculator.of(parameters);
        model.addAttribute("plans", plans);
        model.addAttribute("annual", annual);
        model.addAttribute("chosenPlan", chosen);
        model.addAttribute("calculator", calculator);
        model.addAttribute("metrics", Calculator.METRICS);
        if (calculator.ready() && chosen != null) {
            PricingShapes.Preview preview = client.post(properties.services().rating(), "/v1/prices/preview", key,
                    new PricingShapes.PreviewRequest(chosen, calculator.items()), PricingShapes.Preview.class);
            model.addAttribute("preview", preview);
            model.addAttribute("fits", fits(plans, preview.totalSparks()));
        }
        return "pricing/pricing";
    }

    private static List<Fit> fits(List<PricingShapes.Plan> plans, BigDecimal sparks) {
        return plans.stream().map(plan -> {
            BigDecimal over = sparks.subtract(plan.includedSparks());
            return new Fit(plan, over.signum() <= 0, over.max(BigDecimal.ZERO));
        }).toList();
    }
}
