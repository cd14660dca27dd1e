package dev.sparks.ingest.livekit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookVerifierTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private static final byte[] BODY = "{\"event\":\"room_started\",\"id\":\"EV_1\",\"createdAt\":\"1\"}"
            .getBytes(StandardCharsets.UTF_8);

    private final WebhookVerifier verifier = new WebhookVerifier(
            Map.of("APIcurrent", "current-secret", "APIprevious", "previous-secret"),
            Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(30));

    @Test
    void acceptsBodiesSignedByAnyConfiguredKeySoKeysCanRotate() {
        assertThat(verifier.verify(LiveKitTokens.sign("APIcurrent", "current-secret", BODY, NOW), BODY)).isEqualTo("APIcurrent");
        assertThat(verifier.verify("Bearer " + LiveKitTokens.sign("APIprevious", "previous-secret", BODY, NOW), BODY))
                .isEqualTo("APIprevious");
    }

    @Test
    void refusesATamperedBody() {
        String token = LiveKitTokens.sign("APIcurrent", "current-secret", BODY, NOW);
        byte[] tampered = new String(BODY, StandardCharsets.UTF_8).replace("EV_1", "EV_2").getBytes(StandardCharsets.UTF_8);

        assertRefused(token, tampered, "sha256");
    }

    @Test
    void refusesTheWrongSecretAnUnknownKeyAndAForgedAlgorithm() {
        assertRefused(LiveKitTokens.sign("APIcurrent", "guessed", BODY, NOW), BODY, "signature");
        assertRefused(LiveKitTokens.sign("APIstranger", "current-secret", BODY, NOW), BODY, "issuer");
        String[] parts = LiveKitTokens.sign("APIcurrent", "current-secret", BODY, NOW).split("\\.");
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        assertRefused(none + "." + parts[1] + ".", BODY, "HS256");
    }

    @Test
    void refusesExpiredTokensAndMissingHeaders() {
        String expired = LiveKitTokens.sign("APIcurrent", "current-secret",
                Base64.getEncoder().encodeToString(WebhookVerifier.sha256(BODY)), NOW.minusSeconds(31), NOW.minusSeconds(400));

        assertRefused(expired, BODY, "expired");
        assertRefused(null, BODY, "Missing");
        assertRefused("not-a-token", BODY, "JWT");
    }

    private void assertRefused(String token, byte[] body, String reason) {
        assertThatThrownBy(() -> verifier.verify(token, body)).isInstanceOf(InvalidWebhookException.class)
                .hasMessageContaining(reason);
    }
}
