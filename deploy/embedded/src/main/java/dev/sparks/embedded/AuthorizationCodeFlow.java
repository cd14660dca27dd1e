package dev.sparks.embedded;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Auth0's authorization code flow with PKCE, as far as a development issuer needs it:
 * {@code GET /authorize} checks the client, its callback and the S256 challenge and shows a sign-in
 * page listing the sample users; choosing one ({@code POST /authorize}) redirects back with a
 * one-time code; {@code POST /oauth/token} exchanges the code once, for the same client and
 * callback, against the verifier, for an RS256 access token (audience, {@code permissions}, the
 * customer claim) and an ID token. No passwords: it is a stand-in for a tenant, never deployed.
 */
final class AuthorizationCodeFlow {

    static final Duration CODE_TTL = Duration.ofMinutes(1);
    static final Duration PENDING_TTL = Duration.ofMinutes(10);
    static final Duration TOKEN_TTL = Duration.ofHours(12);

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final EmbeddedIssuer issuer;
    private final Clock clock;
    private final Map<String, List<String>> clients = new ConcurrentHashMap<>();
    private final Map<String, EmbeddedIssuer.User> users = new ConcurrentHashMap<>();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();

    /** What {@code /authorize} was asked, kept until a user is chosen. */
    private record Pending(String clientId, String redirectUri, String state, String challenge, String audience,
            String scope, String nonce, Instant expires) {}

    /** A code handed to the client: single use, short-lived. */
    private record Grant(Pending request, EmbeddedIssuer.User user, Instant expires) {}

    AuthorizationCodeFlow(EmbeddedIssuer issuer, Clock clock) {
        this.issuer = issuer;
        this.clock = clock;
    }

    void register(HttpServer server) {
        server.createContext("/authorize", exchange -> respond(exchange, () -> switch (exchange.getRequestMethod()) {
            case "GET" -> authorize(query(exchange));
            case "POST" -> choose(form(exchange));
            default -> Reply.text(405, "GET or POST");
        }));
        server.createContext("/oauth/token", exchange -> respond(exchange, () -> exchange.getRequestMethod().equals("POST")
                ? token(form(exchange)) : Reply.text(405, "POST")));
        server.createContext("/.well-known/openid-configuration", exchange -> respond(exchange, this::discovery));
    }

    void addClient(String clientId, List<String> redirectUris) {
        clients.put(clientId, List.copyOf(redirectUris));
    }

    void addUser(EmbeddedIssuer.User user) {
        users.put(user.username(), user);
    }

    private Reply authorize(Map<String, String> query) {
        String clientId = query.get("client_id");
        String redirectUri = query.get("redirect_uri");
        if (clientId == null || !clients.containsKey(clientId)) {
            return Reply.text(400, "Unknown client_id");
        }
        if (redirectUri == null || !clients.get(clientId).contains(redirectUri)) {
            // Never redirect to a callback the client did not register: that would hand codes to anyone.
            return Reply.text(400, "redirect_uri is not an allowed callback of this client");
        }
        if (!"code".equals(query.get("response_type"))) {
            return Reply.redirect(redirectUri, Map.of("error", "unsupported_response_type", "state", orEmpty(query.get("state"))));
        }
        if (!"S256".equals(query.get("code_challenge_method")) || query.getOrDefault("code_challenge", "").length() < 43) {
            return Reply.redirect(redirectUri, Map.of("error", "invalid_request", "error_description",
                    "PKCE with code_challenge_method=S256 is required", "state", orEmpty(query.get("state"))));
        }
        String transaction = random();
        pending.put(transaction, new Pending(clientId, redirectUri, query.get("state"), query.get("code_challenge"),
                query.get("audience"), query.getOrDefault("scope", "openid"), query.get("nonce"),
                clock.instant().plus(PENDING_TTL)));
        return Reply.html(LoginPage.render(transaction, users.values()));
    }

    private Reply choose(Map<String, String> form) {
        Pending request = pending.remove(orEmpty(form.get("transaction")));
        if (request == null || request.expires().isBefore(clock.instant())) {
            return Reply.text(400, "This sign-in has expired; start again from the application");
        }
        EmbeddedIssuer.User user = users.get(orEmpty(form.get("username")));
        if (user == null) {
            return Reply.redirect(request.redirectUri(), Map.of("error", "access_denied", "state", orEmpty(request.state())));
        }
        String code = random();
        codes.put(code, new Grant(request, user, clock.instant().plus(CODE_TTL)));
        Map<String, String> params = new LinkedHashMap<>();
        params.put("code", code);
        if (request.state() != null) {
            params.put("state", request.state());
        }
        return Reply.redirect(request.redirectUri(), params);
    }

    private Reply token(Map<String, String> form) {
        if (!"authorization_code".equals(form.get("grant_type"))) {
            return Reply.error("unsupported_grant_type", "Only authorization_code");
        }
        Grant grant = codes.remove(orEmpty(form.get("code")));
        Instant now = clock.instant();
        if (grant == null || grant.expires().isBefore(now)) {
            return Reply.error("invalid_grant", "Unknown, used or expired code");
        }
        Pending request = grant.request();
        if (!request.clientId().equals(form.get("client_id")) || !request.redirectUri().equals(form.get("redirect_uri"))) {
            return Reply.error("invalid_grant", "The code was issued to another client or callback");
        }
        if (!request.challenge().equals(s256(orEmpty(form.get("code_verifier"))))) {
            return Reply.error("invalid_grant", "code_verifier does not match the code_challenge");
        }
        EmbeddedIssuer.User user = grant.user();
        Map<String, Object> access = new HashMap<>(issuer.claims(user.subject(), orEmpty(request.audience()), now, TOKEN_TTL));
        access.put("scope", request.scope());
        access.put("azp", request.clientId());
        if (!user.permissions().isEmpty()) {
            access.put("permissions", user.permissions());
        }
        if (user.customerId() != null) {
            access.put(EmbeddedIssuer.CUSTOMER_ID_CLAIM, user.customerId());
        }
        Map<String, Object> id = new LinkedHashMap<>();
        id.put("iss", issuer.issuer());
        id.put("sub", user.subject());
        id.put("aud", request.clientId());
        id.put("iat", now.getEpochSecond());
        id.put("exp", now.plus(TOKEN_TTL).getEpochSecond());
        id.put("name", user.name());
        id.put("email", user.username());
        if (request.nonce() != null) {
            id.put("nonce", request.nonce());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", issuer.sign(access));
        body.put("id_token", issuer.sign(id));
        body.put("token_type", "Bearer");
        body.put("expires_in", TOKEN_TTL.toSeconds());
        body.put("scope", request.scope());
        return Reply.json(200, EmbeddedIssuer.json(body));
    }

    private Reply discovery() {
        String base = issuer.issuer();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("issuer", base);
        config.put("authorization_endpoint", base + "authorize");
        config.put("token_endpoint", base + "oauth/token");
        config.put("jwks_uri", base + ".well-known/jwks.json");
        config.put("response_types_supported", List.of("code"));
        config.put("code_challenge_methods_supported", List.of("S256"));
        config.put("id_token_signing_alg_values_supported", List.of("RS256"));
        return Reply.json(200, EmbeddedIssuer.json(config));
    }

    static String s256(String verifier) {
        try {
            return B64.encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return B64.encodeToString(bytes);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static Map<String, String> query(HttpExchange exchange) {
        return decode(exchange.getRequestURI().getRawQuery());
    }

    private static Map<String, String> form(HttpExchange exchange) throws IOException {
        return decode(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    }

    static Map<String, String> decode(String encoded) {
        Map<String, String> values = new HashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            values.putIfAbsent(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    private interface Action {
        Reply run() throws IOException;
    }

    private static void respond(HttpExchange exchange, Action action) throws IOException {
        try (exchange) {
            Reply reply = action.run();
            exchange.getResponseHeaders().add("Cache-Control", "no-store");
            reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
        }
    }

    private record Reply(int status, Map<String, String> headers, String body) {

        static Reply text(int status, String text) {
            return new Reply(status, Map.of("Content-Type", "text/plain; charset=utf-8"), text);
        }

        static Reply html(String html) {
            return new Reply(200, Map.of("Content-Type", "text/html; charset=utf-8",
                    "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'"), html);
        }

        static Reply json(int status, String json) {
            return new Reply(status, Map.of("Content-Type", "application/json"), json);
        }

        static Reply error(String error, String description) {
            return json(400, EmbeddedIssuer.json(Map.of("error", error, "error_description", description)));
        }

        static Reply redirect(String uri, Map<String, String> params) {
            StringBuilder location = new StringBuilder(uri).append(uri.contains("?") ? '&' : '?');
            params.forEach((key, value) -> location.append(URLEncoder.encode(key, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8)).append('&'));
            location.setLength(location.length() - 1);
            return new Reply(302, Map.of("Location", location.toString()), "");
        }
    }
}
