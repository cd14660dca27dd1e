package dev.sparks.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.embedded.EmbeddedIssuer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The console in a real browser: headless Chromium signs in through the development issuer (the
 * authorization code flow with PKCE, as on Auth0) and reads pages the console renders from local
 * stand-ins of the service APIs. Each browser test leaves a screenshot under target/screenshots/.
 */
@SpringBootTest(classes = ConsoleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest {

    static final String AUDIENCE = "https://api.sparks.test";
    static final int PORT = freePort();
    static final String BASE = "http://localhost:" + PORT;
    static final String ACME = "billing@acme.example";
    static final String ADMIN = "admin@sparks.example";

    static final EmbeddedIssuer ISSUER = EmbeddedIssuer.start(0)
            .addClient("sparks-console", List.of(BASE + "/login/callback"))
            .addUser(new EmbeddedIssuer.User(ACME, "Acme billing", "auth0|acme", "acme", List.of()))
            .addUser(new EmbeddedIssuer.User(ADMIN, "Operator", "auth0|operator", null, List.of("sparks:admin")));
    static final ServiceStandIns SERVICES = ServiceStandIns.start(ISSUER.issuer(), AUDIENCE, Clock.systemUTC());

    /** Server time per page, as the browser measured it (request to first byte). */
    private static final Map<String, Long> SERVER_TIMES = new TreeMap<>();

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private Browser browser;

    @DynamicPropertySource
    static void console(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("sparks.console.public-url", () -> BASE);
        registry.add("sparks.console.services.subscription", SERVICES::url);
        registry.add("sparks.console.services.invoicing", SERVICES::url);
        registry.add("sparks.console.services.rating", SERVICES::url);
        registry.add("sparks.console.auth.issuer", ISSUER::issuer);
        registry.add("sparks.console.auth.audience", () -> AUDIENCE);
        registry.add("sparks.console.service-key", () -> ServiceStandIns.SERVICE_KEY);
    }

    @BeforeEach
    void freshBrowserSession() {
        if (browser != null) {
            browser.open(BASE + "/pricing");
            browser.signOutEverywhere();
            browser.desktop();
        }
        SERVICES.calls.clear();
    }

    @AfterAll
    void stop() throws IOException {
        if (browser != null) {
            browser.close();
        }
        SERVICES.close();
        ISSUER.close();
        if (!SERVER_TIMES.isEmpty()) {
            Files.createDirectories(Browser.SCREENSHOTS);
            StringBuilder report = new StringBuilder("page\tserver ms (browser: request to first byte)\n");
            SERVER_TIMES.forEach((page, millis) -> report.append(page).append('\t').append(millis).append('\n'));
            Files.writeString(Browser.SCREENSHOTS.resolve("server-times.tsv"), report);
            System.out.print(report);
        }
    }

    @Test
    void aCustomerSignsInAndSeesUsageMetersAgainstTheIncludedSparks() {
        signIn(ACME, "/billing");

        assertThat(browser().driver.getCurrentUrl()).isEqualTo(BASE + "/billing");
        assertThat(browser.text("#plan-name")).isEqualTo("Starter");
        assertThat(browser.text("#plan-status")).contains("Active");
        assertThat(browser.find(".meter-row.total").getAttribute("class")).contains("level-warn-80");
        assertThat(browser.text(".meter-row.total .meter-text")).contains("84%").contains("168,400");
        assertThat(browser.driver.findElements(By.cssSelector(".meters meter"))).hasSize(3);
        assertThat(browser.text(".meters")).contains("ai_tokens").contains("125,000");
        assertThat(browser.text("#upcoming-total")).isEqualTo("$29.00");
        assertThat(SERVICES.calls).contains("GET /api/usage/current (acme)", "GET /v1/invoices/upcoming (acme)");
        measure("/billing");
        browser.screenshot("billing-overview");
        browser.phone();
        browser.open(BASE + "/billing");
        browser.screenshot("billing-overview-phone");
    }

    @Test
    void thePricingCalculatorShowsThePriceTheRatingPreviewGives() {
        browser().open(BASE + "/pricing");
        assertThat(browser.text("#plan-starter")).contains("$29.00").contains("200,000");
        measure("/pricing");

        browser.find("#interval-annual").click();
        new WebDriverWait(browser.driver, java.time.Duration.ofSeconds(5)).until(ExpectedConditions.urlContains("annual"));
        assertThat(browser.text("#plan-starter")).contains("$295.80").contains("You save $52.20").contains("15%");

        browser.find("#ai_tokens").sendKeys("250000");
        browser.find("#compute_minutes").sendKeys("60");
        browser.find("#calculator button[type=submit]").click();

        assertThat(browser.text("#estimate-sparks")).isEqualTo("27,100");
        assertThat(browser.text("#estimate-usd")).isEqualTo("$27.10");
        assertThat(browser.text("#fit-free")).contains("17,100 Sparks beyond the included").contains("refused at the limit");
        assertThat(browser.text("#fit-starter")).contains("within the included Sparks");
        assertThat(SERVICES.previewBodies.getLast()).contains("\"plan\":\"starter\"").contains("\"metric\":\"ai_tokens\"")
                .doesNotContain("customer_id");
        measure("/pricing (calculator)");
        browser.screenshot("pricing-calculator");

        browser.find("#ai_tokens").clear();
        browser.find("#ai_tokens").sendKeys("-5");
        browser.find("#calculator button[type=submit]").click();
        assertThat(browser.text("#ai_tokens-error")).contains("Enter a number from 0");
        assertThat(browser.find("#ai_tokens").getAttribute("aria-invalid")).isEqualTo("true");
    }

    @Test
    void aCustomerIsRefusedAnotherCustomersInvoiceWhateverTheUrlSays() throws Exception {
        signIn(ACME, "/invoices");
        assertThat(browser.text("#invoices")).contains("SPK-000007").contains("$158.43").doesNotContain("SPK-000008");
        measure("/invoices");
        browser.screenshot("invoices");

        browser.open(BASE + "/invoices/" + ServiceStandIns.BRIGHTBOT_INVOICE + "/pdf");
        assertThat(browser.text("h1")).isEqualTo("Not found");
        browser.screenshot("invoice-of-another-customer");

        String session = "SPARKS_CONSOLE=" + browser.driver.manage().getCookieNamed("SPARKS_CONSOLE").getValue();
        HttpResponse<byte[]> own = get("/invoices/" + ServiceStandIns.ACME_INVOICE + "/pdf", session);
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(own.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(new String(own.body(), StandardCharsets.US_ASCII)).startsWith("%PDF").contains("acme");
        HttpResponse<byte[]> other = get("/invoices/" + ServiceStandIns.BRIGHTBOT_INVOICE + "/pdf", session);
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(new String(other.body(), StandardCharsets.UTF_8)).doesNotContain("brightbot").doesNotContain("PDF-1.4");
        // Not an invoice id: refused before anything reaches invoicing's paths.
        SERVICES.calls.clear();
        assertThat(get("/invoices/..%2F..%2Fv1%2Fadmin%2Fcustomers/pdf", session).statusCode()).isIn(400, 404);
        assertThat(SERVICES.calls).isEmpty();
    }

    @Test
    void anAdminSeesMrrArrArpuAndChurnAndTheCustomers() {
        signIn(ADMIN, "/admin");

        assertThat(browser.text("h1")).isEqualTo("Revenue");
        assertThat(browser.text("#kpi-mrr")).isEqualTo("$4,247.00");
        assertThat(browser.text("#kpi-arr")).isEqualTo("$50,964.00");
        assertThat(browser.text("#kpi-arpu")).isEqualTo("$98.76");
        assertThat(browser.text("#kpi-churn")).startsWith("1").contains("$29.00 MRR");
        assertThat(browser.driver.findElements(By.cssSelector("#revenue-months tbody tr"))).hasSize(3);
        assertThat(SERVICES.calls).contains("GET /v1/admin/metrics/revenue (admin)",
                "GET /v1/admin/metrics/revenue?from=2025-11&to=2026-09 (admin)");
        assertThat(browser.find("#mrr-chart canvas").isDisplayed()).as("uPlot drew under the CSP").isTrue();
        measure("/admin");
        browser.screenshot("admin-revenue");

        browser.open(BASE + "/admin/customers");
        assertThat(browser.text("#customers")).contains("acme").contains("brightbot").contains("past due");
        measure("/admin/customers");
        browser.screenshot("admin-customers");
    }

    @Test
    void aCustomerIsRefusedTheAdminPages() {
        signIn(ACME, "/billing");

        for (String page : List.of("/admin", "/admin/customers")) {
            browser.open(BASE + page);
            assertThat(browser.text("h1")).as(page).isEqualTo("Not allowed");
        }
        assertThat(SERVICES.calls).noneMatch(call -> call.contains("/v1/admin/"));
        browser.screenshot("admin-refused-to-customer");
    }

    @Test
    void aFormWithoutTheCsrfTokenIsRefused() {
        signIn(ACME, "/billing");

        Object status = browser.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch('/logout', {method: 'POST', credentials: 'same-origin', redirect: 'manual'}).then(r => done(r.status));");
        assertThat(((Number) status).intValue()).isEqualTo(403);
        browser.open(BASE + "/billing");
        assertThat(browser.text("#plan-name")).as("still signed in").isEqualTo("Starter");

        browser.find("header form button[type=submit]").click();
        new WebDriverWait(browser.driver, java.time.Duration.ofSeconds(5)).until(ExpectedConditions.urlToBe(BASE + "/pricing"));
        browser.open(BASE + "/billing");
        assertThat(browser.driver.getCurrentUrl()).startsWith(ISSUER.issuer() + "authorize");
        browser.screenshot("signed-out-then-sign-in-page");
    }

    @Test
    void pagesCarryTheSecurityHeadersAndTheSessionCookieIsHttpOnlyAndLax() throws Exception {
        HttpResponse<byte[]> pricing = get("/pricing", null);
        assertThat(pricing.statusCode()).isEqualTo(200);
        assertThat(pricing.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("default-src 'self'").contains("script-src 'self'").contains("frame-ancestors 'none'"));
        assertThat(pricing.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(pricing.headers().firstValue("Set-Cookie")).as("no session for an anonymous page").isEmpty();

        HttpResponse<byte[]> login = get("/login?next=/billing", null);
        assertThat(login.statusCode()).isEqualTo(302);
        String location = login.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(ISSUER.issuer() + "authorize?").contains("code_challenge_method=S256")
                .contains("code_challenge=").doesNotContain("code_verifier");
        assertThat(login.headers().firstValue("Set-Cookie")).hasValueSatisfying(cookie ->
                assertThat(cookie).contains("HttpOnly").containsIgnoringCase("SameSite=Lax"));

        assertThat(get("/billing", null).headers().firstValue("Location")).hasValueSatisfying(next ->
                assertThat(next).endsWith("/login?next=%2Fbilling"));
    }

    private Browser browser() {
        if (browser == null) {
            browser = Browser.start();
        }
        return browser;
    }

    /** Opens {@code page}, which sends the browser to the issuer; chooses {@code username} there. */
    private void signIn(String username, String page) {
        browser().open(BASE + page);
        assertThat(browser.driver.getCurrentUrl()).startsWith(ISSUER.issuer() + "authorize");
        browser.find("button[value='" + username + "']").click();
        new WebDriverWait(browser.driver, java.time.Duration.ofSeconds(10)).until(ExpectedConditions.urlToBe(BASE + page));
        Cookie session = browser.driver.manage().getCookieNamed("SPARKS_CONSOLE");
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualToIgnoringCase("Lax");
    }

    /** The page's server time once warm: the median of five reloads, as the browser measures them. */
    private void measure(String page) {
        List<Long> millis = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            browser.driver.navigate().refresh();
            millis.add(browser.serverMillis());
        }
        SERVER_TIMES.put(page, millis.stream().sorted().toList().get(2));
    }

    private HttpResponse<byte[]> get(String path, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(BASE + path));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
