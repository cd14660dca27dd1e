package dev.sparks.ingest.livekit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a LiveKit webhook as LiveKit's server SDKs do, before a byte of the body is parsed: the
 * {@code Authorization} header is a JWT signed HS256 with the API secret of the key named by its
 * {@code iss}; it must be within its {@code nbf}/{@code exp}; and its {@code sha256} claim must be
 * the base64 SHA-256 of the raw body, so a signed token cannot be replayed with another body.
 */
public class WebhookVerifier {

    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<String, String> secretsByApiKey;
    private final Clock clock;
    private final Duration leeway;

    public WebhookVerifier(Map<String, String> secretsByApiKey, Clock clock, Duration leeway) {
        this.secretsByApiKey = Map.copyOf(secretsByApiKey);
        this.clock = clock;
        this.leeway = leeway;
    }

    /** Returns the API key that signed the body, or throws {@link InvalidWebhookException}. */
    public String verify(String authorization, byte[] body) {
        if (authorization == null || authorization.isBlank()) {
            throw new InvalidWebhookException("Missing Authorization header");
        }
        String token = authorization.startsWith("Bearer ") ? authorization.substring(7).trim() : authorization.trim();
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new InvalidWebhookException("Authorization is not a JWT");
        }
        JsonNode header = decode(parts[0]);
        if (!"HS256".equals(header.path("alg").asString(""))) {
            throw new InvalidWebhookException("Only HS256 tokens are accepted");
        }
        JsonNode claims = decode(parts[1]);
        String apiKey = claims.path("iss").asString("");
        String secret = secretsByApiKey.get(apiKey);
        if (secret == null) {
            throw new InvalidWebhookException("Unknown issuer (API key) '" + apiKey + "'");
        }
        byte[] expected = hmacSha256(secret, parts[0] + "." + parts[1]);
        if (!MessageDigest.isEqual(expected, bytes(parts[2]))) {
            throw new InvalidWebhookException("Bad signature");
        }
        checkTime(claims);
        byte[] bodyHash = sha256(body);
        byte[] claimedHash = claimedBodyHash(claims);
        if (!MessageDigest.isEqual(bodyHash, claimedHash)) {
            throw new InvalidWebhookException("The sha256 claim does not match the body");
        }
        return apiKey;
    }

    private void checkTime(JsonNode claims) {
        Instant now = clock.instant();
        if (!claims.path("exp").isNumber()) {
            throw new InvalidWebhookException("Token has no exp");
        }
        if (Instant.ofEpochSecond(claims.path("exp").asLong()).plus(leeway).isBefore(now)) {
            throw new InvalidWebhookException("Token expired");
        }
        if (claims.path("nbf").isNumber() && Instant.ofEpochSecond(claims.path("nbf").asLong()).minus(leeway).isAfter(now)) {
            throw new InvalidWebhookException("Token not valid yet");
        }
    }

    private static byte[] claimedBodyHash(JsonNode claims) {
        String claimed = claims.path("sha256").asString("");
        if (claimed.isEmpty()) {
            throw new InvalidWebhookException("Token has no sha256 claim");
        }
        try {
            return Base64.getDecoder().decode(claimed);
        } catch (IllegalArgumentException e) {
            throw new InvalidWebhookException("The sha256 claim is not base64");
        }
    }

    private static JsonNode decode(String part) {
        try {
            JsonNode node = JSON.readTree(bytes(part));
            if (node == null || !node.isObject()) {
                throw new InvalidWebhookException("Token part is not a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw new InvalidWebhookException("Token part is not JSON");
        }
    }

    private static byte[] bytes(String base64url) {
        try {
            return BASE64URL.decode(base64url);
        } catch (IllegalArgumentException e) {
            throw new InvalidWebhookException("Token part is not base64url");
        }
    }

    static byte[] hmacSha256(String secret, String signingInput) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every JVM has HmacSHA256", e);
        }
    }

    static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }
}
