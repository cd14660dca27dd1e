package dev.sparks.console.admin;

import dev.sparks.console.ConsoleProperties;
import dev.sparks.console.api.Parallel;
import dev.sparks.console.api.ServiceClient;
import dev.sparks.console.signin.SignedInUser;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.core.type.TypeReference;

/**
 * The admin pages (the interceptor lets only the admin permission in; the services check it again
 * on every call, with the admin's own token): the revenue dashboard and the customers list.
 */
@Controller
class AdminController {

    private static final int MONTHS = 12;
    private static final TypeReference<List<AdminShapes.MonthlyRevenue>> REVENUE = new TypeReference<>() {};

    private final ServiceClient client;
    private final ConsoleProperties.Services services;

    AdminController(ServiceClient client, ConsoleProperties properties) {
        this.client = client;
        this.services = properties.services();
    }

    /**
     * The last twelve months up to the services' current month: the first call (no range) answers
     * the current month by the services' business clock, which may be pinned and differ from ours.
     */
    @GetMapping("/admin")
    String revenue(SignedInUser user, Model model) {
        List<AdminShapes.MonthlyRevenue> current = client.get(services.invoicing(), "/v1/admin/metrics/revenue",
                user.accessToken(), REVENUE);
        List<AdminShapes.MonthlyRevenue> months = new ArrayList<>();
        if (!current.isEmpty()) {
            YearMonth now = YearMonth.parse(current.getLast().month());
            months.addAll(client.get(services.invoicing(), "/v1/admin/metrics/revenue?from=" + now.minusMonths(MONTHS - 1)
                    + "&to=" + now.minusMonths(1), user.accessToken(), REVENUE));
        }
        months.addAll(current);
        model.addAttribute("months", months);
        model.addAttribute("latest", months.isEmpty() ? null : months.getLast());
        return "admin/revenue";
    }

    @GetMapping("/admin/customers")
    String customers(SignedInUser user, @RequestParam(required = false) String q, @RequestParam(required = false) String plan,
            @RequestParam(required = false) String state, Model model) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("q", q);
        query.put("plan", plan);
        query.put("state", state);
        query.put("limit", "200");
        String encoded = query.entrySet().stream().filter(entry -> entry.getValue() != null && !entry.getValue().isBlank())
                .map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue().trim(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        try (Parallel calls = new Parallel()) {
            Future<List<AdminShapes.Customer>> customers = calls.submit(() -> client.get(services.subscription(),
                    "/v1/admin/customers?" + encoded, user.accessToken(), new TypeReference<List<AdminShapes.Customer>>() {}));
            Future<List<AdminShapes.Plan>> plans = calls.submit(() -> client.get(services.subscription(), "/v1/admin/plans",
                    user.accessToken(), new TypeReference<List<AdminShapes.Plan>>() {}));
            model.addAttribute("customers", Parallel.join(customers));
            model.addAttribute("plans", Parallel.join(plans));
        }
        model.addAttribute("q", q);
        model.addAttribute("plan", plan);
        model.addAttribute("state", state);
        model.addAttribute("states", List.of("trialing", "active", "past_due", "paused", "canceled", "expired"));
        return "admin/customers";
    }
}
