package dev.sparks.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The development issuer's sign-in: authorization code with PKCE (S256), as an Auth0 tenant runs it. */
class AuthorizationCodeFlowTest {

    private static final String CALLBACK = "http://localhost:9999/login/callback";
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private static final EmbeddedIssuer ISSUER = EmbeddedIssuer.start(0)
            .addClient("console", List.of(CALLBACK))
            .addUser(new EmbeddedIssuer.User("acme@example.com", "Acme", "auth0|acme", "acme", List.of()))
            .addUser(new EmbeddedIssuer.User("ops@example.com", "Ops", "auth0|ops", null, List.of("sparks:admin")));

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @AfterAll
    static void stop() {
        ISSUER.close();
    }

    @Test
    void theChallengeIsRfc7636s() {
        // RFC 7636, appendix B.
        assertThat(AuthorizationCodeFlow.s256(VERIFIER)).isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }

    @Test
    void aChosenUserGetsACodeThatBuysAnAccessTokenWithItsClaimsOnce() throws Exception {
        String code = codeFor("acme@example.com", "state-1");

        HttpResponse<String> token = token(code, VERIFIER, CALLBACK);
        assertThat(token.statusCode()).isEqualTo(200);
        Map<String, String> access = claims(field(token.body(), "access_token"));
        assertThat(access.get("sub")).isEqualTo("auth0|acme");
        assertThat(access.get("iss")).isEqualTo(ISSUER.issuer());
        assertThat(access.get("aud")).contains("https://api.sparks.dev");
        assertThat(access.get("https://sparks.dev/customer_id")).isEqualTo("acme");
        Map<String, String> id = claims(field(token.body(), "id_token"));
        assertThat(id.get("aud")).isEqualTo("console");
        assertThat(id.get("nonce")).isEqualTo("n-1");

        assertThat(token(code, VERIFIER, CALLBACK).body()).as("a code is used once").contains("invalid_grant");
    }

    @Test
    void anAdminsTokenCarriesThePermission() throws Exception {
        HttpResponse<String> token = token(codeFor("ops@example.com", "s"), VERIFIER, CALLBACK);
        assertThat(claims(field(token.body(), "access_token")).get("permissions")).contains("sparks:admin");
    }

    @Test
    void aWrongVerifierOrCallbackIsRefused() throws Exception {
        HttpResponse<String> wrongVerifier = token(codeFor("acme@example.com", "s"), VERIFIER.replace('d', 'e'), CALLBACK);
        assertThat(wrongVerifier.statusCode()).isEqualTo(400);
        assertThat(wrongVerifier.body()).contains("invalid_grant").doesNotContain("access_token");
        HttpResponse<String> wrongCallback = token(codeFor("acme@example.com", "s"), VERIFIER, "http://localhost:9999/other");
        assertThat(wrongCallback.statusCode()).isEqualTo(400);
    }

    @Test
    void anUnregisteredCallbackOrAMissingChallengeGetsNoCode() throws Exception {
        HttpResponse<String> foreign = get(authorize("https://evil.example/cb", "S256"));
        assertThat(foreign.statusCode()).isEqualTo(400);
        assertThat(foreign.headers().firstValue("Location")).isEmpty();
        HttpResponse<String> plain = get(authorize(CALLBACK, "plain"));
        assertThat(plain.statusCode()).isEqualTo(302);
        assertThat(plain.headers().firstValue("Location").orElseThrow()).contains("error=invalid_request").doesNotContain("code=");
    }

    private String codeFor(String username, String state) throws Exception {
        HttpResponse<String> page = get(authorize(CALLBACK, "S256") + "&state=" + state);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Sign in as Acme");
        Matcher transaction = Pattern.compile("name=\"transaction\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(transaction.find()).isTrue();
        HttpResponse<String> chosen = http.send(HttpRequest.newBuilder(URI.create(ISSUER.issuer() + "authorize"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("transaction=" + transaction.group(1) + "&username="
                        + URLEncoder.encode(username, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chosen.statusCode()).isEqualTo(302);
        String location = chosen.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(CALLBACK + "?code=").endsWith("&state=" + state);
        return location.substring(location.indexOf("code=") + 5, location.indexOf('&'));
    }

    private static String authorize(String callback, String method) {
        return ISSUER.issuer() + "authorize?response_type=code&client_id=console&scope=openid&nonce=n-1"
                + "&audience=" + URLEncoder.encode("https://api.sparks.dev", StandardCharsets.UTF_8)
                + "&redirect_uri=" + URLEncoder.encode(callback, StandardCharsets.UTF_8)
                + "&code_challenge=" + AuthorizationCodeFlow.s256(VERIFIER) + "&code_challenge_method=" + method;
    }

    private HttpResponse<String> get(String uri) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> token(String code, String verifier, String callback) throws Exception {
        String form = Map.of("grant_type", "authorization_code", "client_id", "console", "code", code,
                        "code_verifier", verifier, "redirect_uri", callback).entrySet().stream()
                .map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(URI.create(ISSUER.issuer() + "oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The claims of a JWT as raw JSON member texts: enough to check strings and lists by containment. */
    private static Map<String, String> claims(String jwt) {
        String json = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        Map<String, String> claims = new java.util.HashMap<>();
        Matcher member = Pattern.compile("\"([^\"]+)\":(\"[^\"]*\"|\\[[^]]*]|[0-9]+)").matcher(json);
        while (member.find()) {
            String value = member.group(2);
            claims.put(member.group(1), value.startsWith("\"") ? value.substring(1, value.length() - 1) : value);
        }
        return claims;
    }

    private static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        assertThat(matcher.find()).as(name + " in " + json).isTrue();
        return matcher.group(1);
    }
}
