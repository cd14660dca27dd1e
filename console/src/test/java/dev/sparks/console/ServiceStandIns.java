package dev.sparks.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service APIs the console calls, answered from fixed data in the services' own JSON shapes
 * (read from their controllers and views: subscription-service's {@code Views}, {@code QuotaStatus},
 * {@code PlanAdminController}; invoicing-service's {@code InvoiceViews}, {@code UsageReports},
 * {@code MonthlyRevenue}; rating-service's {@code Preview}). They apply the services' access rules:
 * a bearer is the console's API key (admin) or an access token of the test issuer whose customer
 * claim picks the customer; another customer's invoice answers 404; {@code /v1/admin} needs the
 * admin permission (403). Tokens are read, not signature-checked: the real services do that, and
 * these stand-ins only test the console.
 */
final class ServiceStandIns implements AutoCloseable {

    static final String SERVICE_KEY = "console-test-key";
    static final String ACME_INVOICE = "0b6f6d7e-3c1a-4f7e-9a51-2f5b1c9e0a11";
    static final String BRIGHTBOT_INVOICE = "7d2c9a40-8e5b-4c11-b7a2-6a0e3f4d5b22";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final String issuer;
    private final String audience;
    private final Clock clock;
    /** Every call as {@code METHOD path?query (caller)}, for assertions on what the console asked. */
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<String> previewBodies = new CopyOnWriteArrayList<>();

    private ServiceStandIns(HttpServer server, String issuer, String audience, Clock clock) {
        this.server = server;
        this.issuer = issuer;
        this.audience = audience;
        this.clock = clock;
    }

    static ServiceStandIns start(String issuer, String audience, Clock clock) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            ServiceStandIns standIns = new ServiceStandIns(server, issuer, audience, clock);
            server.createContext("/", standIns::handle);
            server.start();
            return standIns;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Who calls: an admin, or a customer by its id; null when the credential is refused. */
    private record Caller(boolean admin, String customerId) {}

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getRawQuery();
            Caller caller = caller(exchange.getRequestHeaders().getFirst("Authorization"));
            calls.add(exchange.getRequestMethod() + " " + path + (query == null ? "" : "?" + query) + " ("
                    + (caller == null ? "refused" : caller.admin() ? "admin" : caller.customerId()) + ")");
            if (caller == null) {
                problem(exchange, 401, "unauthenticated", "Unauthorized", "Send 'Authorization: Bearer <access token or api key>'.");
                return;
            }
            if (path.startsWith("/v1/admin/") && !caller.admin()) {
                problem(exchange, 403, "forbidden", "Forbidden", "This endpoint needs an admin permission.");
                return;
            }
            try {
                route(exchange, caller, exchange.getRequestMethod() + " " + path, query);
            } catch (RuntimeException e) {
                e.printStackTrace(); // a stand-in's own bug: show it rather than a closed connection
                problem(exchange, 500, "internal", "Internal Server Error", "stand-in failed");
            }
        }
    }

    private void route(HttpExchange exchange, Caller caller, String route, String query) throws IOException {
        switch (route) {
            case "GET /v1/plans", "GET /v1/admin/plans" -> json(exchange, PLANS);
            case "POST /v1/prices/preview" -> json(exchange, preview(new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8)));
            case "GET /api/billing/subscription" -> customerOnly(exchange, caller, SUBSCRIPTION);
            case "GET /api/usage/current" -> customerOnly(exchange, caller, USAGE);
            case "GET /v1/usage/report", "GET /usage/report" -> customerOnly(exchange, caller, REPORT);
            case "GET /v1/invoices/upcoming" -> customerOnly(exchange, caller, UPCOMING);
            case "GET /v1/invoices" -> customerOnly(exchange, caller, invoices(caller.customerId()));
            case "GET /v1/admin/metrics/revenue" -> json(exchange, query == null ? "[" + revenue("2026-10", 424700) + "]"
                    : "[" + revenue("2026-08", 300000) + "," + revenue("2026-09", 398000) + "]");
            case "GET /v1/admin/customers" -> json(exchange, CUSTOMERS);
            default -> {
                if (route.startsWith("GET /v1/invoices/") && route.endsWith("/pdf")) {
                    pdf(exchange, caller, route.substring("GET /v1/invoices/".length(), route.length() - "/pdf".length()));
                } else {
                    problem(exchange, 404, "not-found", "Not Found", "No endpoint " + route);
                }
            }
        }
    }

    private Caller caller(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return null;
        }
        String bearer = authorization.substring("Bearer ".length());
        if (bearer.equals(SERVICE_KEY)) {
            return new Caller(true, null);
        }
        String[] parts = bearer.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        boolean audienceOk = false;
        for (JsonNode aud : claims.path("aud")) {
            audienceOk |= aud.asString().equals(audience);
        }
        if (!issuer.equals(claims.path("iss").asString()) || !audienceOk
                || claims.path("exp").asLong() <= clock.instant().getEpochSecond()) {
            return null;
        }
        boolean admin = false;
        for (JsonNode permission : claims.path("permissions")) {
            admin |= permission.asString().equals("sparks:admin");
        }
        return new Caller(admin, claims.path("https://sparks.dev/customer_id").asString(null));
    }

    /** The customer routes: a customer acts on itself; an admin must name one (400), as the services answer. */
    private static void customerOnly(HttpExchange exchange, Caller caller, String body) throws IOException {
        if (caller.customerId() == null) {
            problem(exchange, 400, "invalid-request", "Bad Request", "An admin names the customer in customer_id");
            return;
        }
        json(exchange, body.replace("\"acme\"", "\"" + caller.customerId() + "\""));
    }

    private static String invoices(String customerId) {
        if ("acme".equals(customerId)) {
            return "[" + invoice(ACME_INVOICE, "SPK-000007", "acme", 15843) + "]";
        }
        return "brightbot".equals(customerId) ? "[" + invoice(BRIGHTBOT_INVOICE, "SPK-000008", "brightbot", 900) + "]" : "[]";
    }

    private static void pdf(HttpExchange exchange, Caller caller, String invoiceId) throws IOException {
        String owner = invoiceId.equals(ACME_INVOICE) ? "acme" : invoiceId.equals(BRIGHTBOT_INVOICE) ? "brightbot" : null;
        if (owner == null || !(caller.admin() || owner.equals(caller.customerId()))) {
            problem(exchange, 404, "not-found", "Not Found", "No invoice " + invoiceId);
            return;
        }
        byte[] body = ("%PDF-1.4\n% invoice of " + owner + "\n%%EOF\n").getBytes(StandardCharsets.US_ASCII);
        exchange.getResponseHeaders().add("Content-Type", "application/pdf");
        exchange.getResponseHeaders().add("Content-Disposition", "attachment; filename=\"" + (owner.equals("acme")
                ? "SPK-000007" : "SPK-000008") + ".pdf\"");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }

    /** Priced as the shipped card v1 prices: Sparks per unit, $0.001 a Spark, 5% off the Sparks above 10,000. */
    private String preview(String body) {
        previewBodies.add(body);
        JsonNode request = JSON.readTree(body);
        Map<String, String[]> card = Map.of("ai_tokens", new String[] {"0.1", "token"},
                "compute_minutes", new String[] {"50", "minute"}, "storage_gb_months", new String[] {"500", "gb_month"});
        StringBuilder items = new StringBuilder();
        BigDecimal subtotal = BigDecimal.ZERO;
        for (JsonNode item : request.path("items")) {
            String[] price = card.get(item.path("metric").asString());
            BigDecimal quantity = new BigDecimal(item.path("quantity").asString());
            BigDecimal sparks = quantity.multiply(new BigDecimal(price[0])).stripTrailingZeros();
            subtotal = subtotal.add(sparks);
            items.append(items.isEmpty() ? "" : ",").append("""
                    {"metric":"%s","quantity":%s,"unit":"%s","unit_price_sparks":%s,"sparks":%s,"usd":%s,"rule":"per_unit","markup_percent":null}"""
                    .formatted(item.path("metric").asString(), quantity.toPlainString(), price[1], price[0],
                            sparks.toPlainString(), sparks.movePointLeft(3).toPlainString()));
        }
        BigDecimal discount = subtotal.subtract(new BigDecimal("10000")).max(BigDecimal.ZERO).multiply(new BigDecimal("0.05"));
        BigDecimal total = subtotal.subtract(discount);
        return """
                {"card_version":"v1","plan":"%s","month":"2026-10","month_to_date_sparks":0,"items":[%s],
                 "subtotal_sparks":%s,"discount_sparks":%s,"total_sparks":%s,"total_usd":%s,
                 "discount_rule":"5%% off the Sparks above 10000 in a month"}"""
                .formatted(request.path("plan").asString(), items, subtotal.toPlainString(), discount.toPlainString(),
                        total.toPlainString(), total.movePointLeft(3).toPlainString());
    }

    private static void json(HttpExchange exchange, String body) throws IOException {
        send(exchange, 200, "application/json", body);
    }

    private static void problem(HttpExchange exchange, int status, String type, String title, String detail) throws IOException {
        send(exchange, status, "application/problem+json", """
                {"type":"https://sparks.dev/problems/%s","title":"%s","status":%d,"detail":"%s","instance":"%s"}"""
                .formatted(type, title, status, detail, exchange.getRequestURI().getPath()));
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // The services' answers for the sample customer "acme" on Starter, mid-October 2026.

    private static final String SUBSCRIPTION = """
            {"customer_id":"acme","plan":"starter","state":"active","billing_interval":"monthly","trial_ends_at":null,
             "current_period_start":"2026-10-01T00:00:00Z","current_period_end":"2026-11-01T00:00:00Z",
             "cancel_at_period_end":false,"scheduled_plan":null,"scheduled_interval":null,"stripe_customer_id":null,
             "prorated_amount":null,"currency":null}""";

    private static final String USAGE = """
            {"customer_id":"acme","plan":"starter","state":"active",
             "period":{"start":"2026-10-01T00:00:00Z","end":"2026-11-01T00:00:00Z"},
             "used_sparks":168400.000000,"included_sparks":200000,"remaining_sparks":31600.000000,"reserved_sparks":0,
             "overage":"billed","grace_percent":0,
             "features":{"chatbots":{"enabled":true,"usage_limit":5,"used":2},"messages":{"enabled":true,"usage_limit":20000,"used":0}}}""";

    private static final String REPORT = """
            {"customer_id":"acme","month":"2026-10","tier":"starter","billing_interval":"monthly","included_sparks":200000,
             "total_sparks":168400.000000,"total_usd":168.400000000,
             "categories":[
               {"category":"ai_tokens","sparks":125000.000000,"usd":125.000000000,"events":412,
                "metrics":[{"metric":"ai_tokens","unit":"token","quantity":1250000,"sparks":125000.000000,"usd":125.000000000,"events":412}]},
               {"category":"compute","sparks":38400.000000,"usd":38.400000000,"events":96,
                "metrics":[{"metric":"compute_minutes","unit":"minute","quantity":768,"sparks":38400.000000,"usd":38.400000000,"events":96}]},
               {"category":"storage","sparks":5000.000000,"usd":5.000000000,"events":1,
                "metrics":[{"metric":"storage_gb_months","unit":"gb_month","quantity":10,"sparks":5000.000000,"usd":5.000000000,"events":1}]}],
             "discounts":["5% off the Sparks above 10000 in a month"],
             "forecast":{"month_complete":false,"elapsed_share":0.4677,"sparks":360051.31,"usd":360.05}}""";

    private static final String UPCOMING = """
            {"customer_id":"acme","period":"2026-10","period_start":"2026-10-01T00:00:00Z","period_end":"2026-11-01T00:00:00Z",
             "as_of":"2026-10-15T12:00:00Z","status":"draft",
             "lines":[
               {"section":"subscription","description":"Starter plan, monthly","metric":null,"quantity":1,"unit":null,"sparks":null,"amount_minor":2900,"amount":29.00},
               {"section":"usage","description":"AI tokens","metric":"ai_tokens","quantity":1250000,"unit":"token","sparks":125000.000000,"amount_minor":12500,"amount":125.00},
               {"section":"allowance","description":"Included Sparks (200,000)","metric":null,"quantity":null,"unit":null,"sparks":-168400.000000,"amount_minor":-16840,"amount":-168.40}],
             "total_minor":2900,"total":29.00,"usage_sparks":168400.000000,"included_sparks":200000,"overage_sparks":0,
             "notes":["Usage so far; the period closes on 2026-11-01"]}""";

    private static String invoice(String id, String number, String customer, long totalMinor) {
        return """
                {"invoice_id":"%s","invoice_number":"%s","customer_id":"%s","period":"2026-09",
                 "period_start":"2026-09-01T00:00:00Z","period_end":"2026-10-01T00:00:00Z","status":"finalized","currency":"USD",
                 "total_minor":%d,"total":%s,"credited_minor":0,"finalized_at":"2026-10-01T01:00:00Z"}"""
                .formatted(id, number, customer, totalMinor, BigDecimal.valueOf(totalMinor, 2).toPlainString());
    }

    private static String revenue(String month, long mrrMinor) {
        return """
                {"month":"%s","mrr_minor":%d,"arr_minor":%d,"paying_customers":43,"arpu_minor":%d,"churned_mrr_minor":2900,
                 "churned_customers":1,"paused_customers":0,"new_mrr_minor":9900,"trials_ended":4,"trials_converted":3,
                 "trial_conversion":0.7500,"invoiced_minor":512300,"collected_minor":498800}"""
                .formatted(month, mrrMinor, mrrMinor * 12, mrrMinor / 43);
    }

    private static final String CUSTOMERS = """
            [{"customer_id":"acme","display_name":"Acme Inc.","email":"billing@acme.example","plan":"starter","state":"active",
              "billing_interval":"monthly","trial_ends_at":null,"created_at":"2026-01-03T09:00:00Z"},
             {"customer_id":"brightbot","display_name":"BrightBot","email":"ops@brightbot.example","plan":"personal","state":"past_due",
              "billing_interval":"annual","trial_ends_at":null,"created_at":"2026-02-11T16:20:00Z"}]""";

    private static final String PLANS = """
            [{"plan_id":"free","display_name":"Free","tier":0,"monthly_price":0.00,"annual_price":0.00,"annual_saving":0.00,
              "annual_discount_percent":0,"currency":"USD","included_sparks":10000,"overage":"blocked","grace_percent":0,
              "trial_period":null,"trial_end_behavior":"downgrade","quota_period":"calendar",
              "features":[{"feature":"chatbots","enabled":true,"usage_limit":1},{"feature":"api_access","enabled":false,"usage_limit":null}],
              "rate_limit":{"requests":10,"per":"second","burst":20,"source":null}},
             {"plan_id":"starter","display_name":"Starter","tier":2,"monthly_price":29.00,"annual_price":295.80,"annual_saving":52.20,
              "annual_discount_percent":15,"currency":"USD","included_sparks":200000,"overage":"billed","grace_percent":0,
              "trial_period":"P14D","trial_end_behavior":"downgrade","quota_period":"calendar",
              "features":[{"feature":"chatbots","enabled":true,"usage_limit":5},{"feature":"api_access","enabled":true,"usage_limit":null}],
              "rate_limit":{"requests":50,"per":"second","burst":100,"source":null}},
             {"plan_id":"pro","display_name":"Pro","tier":3,"monthly_price":99.00,"annual_price":1009.80,"annual_saving":178.20,
              "annual_discount_percent":15,"currency":"USD","included_sparks":1000000,"overage":"billed","grace_percent":0,
              "trial_period":"P14D","trial_end_behavior":"downgrade","quota_period":"anniversary",
              "features":[{"feature":"chatbots","enabled":true,"usage_limit":25},{"feature":"api_access","enabled":true,"usage_limit":null}],
              "rate_limit":{"requests":100,"per":"second","burst":200,"source":null}}]""";
}
