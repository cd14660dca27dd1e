package dev.sparks.console.signin;

import dev.sparks.console.ConsoleProperties;
import dev.sparks.console.web.PageException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The back-channel half of the authorization code flow: the code and the PKCE verifier go to the
 * issuer's {@code oauth/token}, the tokens come back over that direct connection. That is why the
 * claims are read without checking signatures here (OpenID Connect Core 3.1.3.7: a client may rely
 * on TLS to its token endpoint); the services verify every access token's signature themselves.
 */
@Component
class TokenExchange {

    private final ConsoleProperties properties;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    TokenExchange(ConsoleProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    URI authorizeEndpoint() {
        if (properties.auth().issuer() == null) {
            throw new PageException(503, "Sign-in unavailable", "No sign-in issuer is configured (sparks.console.auth.issuer).");
        }
        return properties.auth().issuer().resolve("authorize");
    }

    SignedInUser exchange(String code, PendingSignIn pending) {
        ConsoleProperties.Auth auth = properties.auth();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("client_id", auth.clientId());
        form.put("code", code);
        form.put("redirect_uri", properties.callback().toString());
        form.put("code_verifier", pending.verifier());
        HttpRequest request = HttpRequest.newBuilder(auth.issuer().resolve("oauth/token")).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form))).build();
        JsonNode tokens;
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new SignInFailed("The issuer refused the code: " + response.body());
            }
            tokens = json.readTree(response.body());
        } catch (IOException e) {
            throw new SignInFailed("The issuer could not be reached: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SignInFailed("Interrupted");
        }
        JsonNode id = claims(tokens.path("id_token").asString(""));
        JsonNode access = claims(tokens.path("access_token").asString(""));
        String issuer = auth.issuer().toString();
        if (!issuer.equals(id.path("iss").asString()) || !audienceHas(id, auth.clientId())
                || !Pkce.same(pending.nonce(), id.path("nonce").asString(null))) {
            throw new SignInFailed("The ID token is not for this sign-in (issuer, audience or nonce)");
        }
        if (!issuer.equals(access.path("iss").asString()) || !audienceHas(access, auth.audience())
                || !id.path("sub").asString().equals(access.path("sub").asString())) {
            throw new SignInFailed("The access token is not for the Sparks API");
        }
        boolean admin = false;
        for (JsonNode permission : access.path("permissions")) {
            admin |= permission.asString().equals(auth.adminPermission());
        }
        String name = id.path("name").asString(id.path("email").asString(id.path("sub").asString()));
        String customer = access.path("https://sparks.dev/customer_id").asString(null);
        long expiresIn = tokens.path("expires_in").asLong(3600);
        return new SignedInUser(id.path("sub").asString(), name, customer, admin, tokens.path("access_token").asString(),
                clock.instant().plusSeconds(expiresIn));
    }

    private JsonNode claims(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            throw new SignInFailed("The issuer answered without a token");
        }
        return json.readTree(Base64.getUrlDecoder().decode(parts[1]));
    }

    private static boolean audienceHas(JsonNode claims, String audience) {
        JsonNode aud = claims.path("aud");
        if (aud.isArray()) {
            for (JsonNode each : aud) {
                if (each.asString().equals(audience)) {
                    return true;
                }
            }
            return false;
        }
        return aud.asString("").equals(audience);
    }

    static String encode(Map<String, String> form) {
        return form.entrySet().stream().map(entry -> URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    /** Why a sign-in could not finish; the user is asked to start again. */
    static final class SignInFailed extends RuntimeException {
        SignInFailed(String message) {
            super(message);
        }
    }
}
