package dev.sparks.ingest.livekit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Signs webhook bodies the way LiveKit's server SDK does ({@code WebhookReceiver}'s counterpart on
 * the server: an {@code AccessToken} for the API key with the body's SHA-256 as the {@code sha256}
 * claim, HS256 with the API secret, valid for five minutes).
 */
final class LiveKitTokens {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private LiveKitTokens() {}

    static String sign(String apiKey, String secret, byte[] body, Instant now) {
        return sign(apiKey, secret, Base64.getEncoder().encodeToString(WebhookVerifier.sha256(body)), now.plusSeconds(300),
                now);
    }

    static String sign(String apiKey, String secret, String sha256Claim, Instant expiresAt, Instant now) {
        String header = part("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        String claims = part("{\"exp\":" + expiresAt.getEpochSecond() + ",\"iss\":\"" + apiKey + "\",\"nbf\":"
                + now.minusSeconds(5).getEpochSecond() + ",\"sub\":\"\",\"video\":{},\"sha256\":\"" + sha256Claim + "\"}");
        String signature = BASE64URL.encodeToString(WebhookVerifier.hmacSha256(secret, header + "." + claims));
        return header + "." + claims + "." + signature;
    }

    private static String part(String json) {
        return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
