package dev.sparks.ingest.livekit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.sparks.platform.testing.EmbeddedInfrastructure;
import dev.sparks.platform.testing.TopicReader;
import dev.sparks.schemas.deadletter.DeadLetter;
import dev.sparks.schemas.topic.Topics;
import dev.sparks.schemas.usage.RawUsageEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Signed LiveKit deliveries over real HTTP, in the orders LiveKit really delivers them. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "sparks.ingest.instance-id=livekit-test",
        "sparks.ingest.livekit.keys[APIlivekitTest]=" + LiveKitWebhookTest.SECRET})
class LiveKitWebhookTest {

    static final String SECRET = "a-long-livekit-api-secret";
    private static final String KEY = "APIlivekitTest";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        EmbeddedInfrastructure.register(registry, "livekit");
    }

    @LocalServerPort int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private final Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3600);

    @Test
    void aSessionIsBilledOnceInWholeMinutesWithLiveKitsListPrice() throws Exception {
        String customer = "lk-" + UUID.randomUUID();
        String room = "room-" + UUID.randomUUID();
        String left = LiveKitPayloads.participant("participant_left", room, customer, "PA_1", "STANDARD", start,
                null, start.plusSeconds(61));

        assertThat(deliver(LiveKitPayloads.roomStarted(room, customer, start)).statusCode()).isEqualTo(200);
        assertThat(deliver(LiveKitPayloads.participant("participant_joined", room, customer, "PA_1", "STANDARD", start,
                null, start)).statusCode()).isEqualTo(200);
        HttpResponse<String> first = deliver(left);
        HttpResponse<String> redelivered = deliver(left);

        assertThat(first.body()).contains("\"status\":\"applied\"");
        assertThat(redelivered.statusCode()).isEqualTo(200);
        assertThat(redelivered.body()).contains("\"status\":\"duplicate\"");
        List<RawUsageEvent> usage = usageOf(customer, 2);
        assertThat(usage).singleElement().satisfies(event -> {
            assertThat(event.getMetric()).isEqualTo("livekit_participant_minutes");
            assertThat(event.getQuantity()).isEqualByComparingTo("2");
            assertThat(event.getProviderUnitCostUsd()).isEqualByComparingTo("0.0005");
            assertThat(event.getSource()).isEqualTo("livekit");
            assertThat(event.getOccurredAt()).isEqualTo(start.plusSeconds(61));
        });
    }

    @Test
    void aLeaveWhoseJoinWasLostIsBilledFromItsJoinedAt() throws Exception {
        String customer = "lost-join-" + UUID.randomUUID();

        deliver(LiveKitPayloads.participant("participant_left", "room-" + UUID.randomUUID(), null, "PA_2", "STANDARD",
                start, customer, start.plusSeconds(600)));

        assertThat(usageOf(customer, 1)).singleElement()
                .satisfies(event -> assertThat(event.getQuantity()).isEqualByComparingTo("10"));
    }

    @Test
    void roomFinishedClosesOpenSessionsAndALateLeaveAddsNothing() throws Exception {
        String customer = "finished-" + UUID.randomUUID();
        String room = "room-" + UUID.randomUUID();
        deliver(LiveKitPayloads.roomStarted(room, customer, start));
        deliver(LiveKitPayloads.participant("participant_joined", room, customer, "PA_a", "STANDARD", start, null, start));
        deliver(LiveKitPayloads.participant("participant_joined", room, customer, "PA_agent", "AGENT", start, null, start));
        deliver(LiveKitPayloads.participant("participant_joined", room, customer, "PA_rec", "EGRESS", start, null, start));

        deliver(LiveKitPayloads.roomFinished(room, start.plusSeconds(150)));
        deliver(LiveKitPayloads.participant("participant_left", room, customer, "PA_a", "STANDARD", start, null,
                start.plusSeconds(140)));

        List<RawUsageEvent> usage = usageOf(customer, 3);
        assertThat(usage).extracting(RawUsageEvent::getMetric)
                .containsExactlyInAnyOrder("livekit_participant_minutes", "livekit_agent_minutes");
        assertThat(usage).allSatisfy(event -> assertThat(event.getQuantity()).isEqualByComparingTo("3"));
        assertThat(usage).filteredOn(e -> e.getMetric().equals("livekit_agent_minutes"))
                .singleElement().satisfies(e -> assertThat(e.getProviderUnitCostUsd()).isEqualByComparingTo("0.01"));
    }

    @Test
    void egressIsBilledAsTranscodingMinutesToTheRoomsCustomer() throws Exception {
        String customer = "egress-" + UUID.randomUUID();
        String room = "room-" + UUID.randomUUID();
        deliver(LiveKitPayloads.roomStarted(room, customer, start));

        deliver(LiveKitPayloads.egressEnded(room, "EG_" + UUID.randomUUID(), start.plusSeconds(10),
                start.plusSeconds(10 + 4 * 60 + 1)));

        assertThat(usageOf(customer, 1)).singleElement().satisfies(event -> {
            assertThat(event.getMetric()).isEqualTo("livekit_egress_minutes");
            assertThat(event.getQuantity()).isEqualByComparingTo("5");
        });
    }

    @Test
    void eachRunOfAReusedIngressIsBilledAsTranscodingMinutes() throws Exception {
        String customer = "ingress-" + UUID.randomUUID();
        String room = "room-" + UUID.randomUUID();
        String ingress = "IN_" + UUID.randomUUID();
        deliver(LiveKitPayloads.roomStarted(room, customer, start));

        deliver(LiveKitPayloads.ingressEnded(room, ingress, start, start.plusSeconds(90)));
        deliver(LiveKitPayloads.ingressEnded(room, ingress, start.plusSeconds(600), start.plusSeconds(600 + 30)));

        assertThat(usageOf(customer, 3)).extracting(RawUsageEvent::getMetric, e -> e.getQuantity().intValue())
                .containsExactlyInAnyOrder(tuple("livekit_ingress_minutes", 2), tuple("livekit_ingress_minutes", 1));
    }

    @Test
    void usageWithoutACustomerIsDeadLetteredWithItsReasonAndBody() throws Exception {
        String payload = LiveKitPayloads.participant("participant_left", "room-" + UUID.randomUUID(), null, "PA_anon",
                "STANDARD", start, null, start.plusSeconds(30));
        String webhookId = payload.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");

        HttpResponse<String> response = deliver(payload);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"dead_lettered\":1");
        List<DeadLetter> letters = TopicReader.read(Topics.INGEST_DEAD_LETTERS,
                letter -> webhookId.equals(letter.getOriginalEventId()), 1, Duration.ofSeconds(10));
        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(letter.getReason()).startsWith("customer_unresolved: ")
                    .contains("No Sparks customer", "livekit_participant_minutes", "sparks_customer_id");
            assertThat(StandardCharsets.UTF_8.decode(letter.getOriginalValue()).toString()).isEqualTo(payload);
        });
    }

    @Test
    void unsignedTamperedAndForeignDeliveriesAreRefusedAndChangeNothing() throws Exception {
        String customer = "forged-" + UUID.randomUUID();
        String payload = LiveKitPayloads.participant("participant_left", "room-" + UUID.randomUUID(), null, "PA_f",
                "STANDARD", start, customer, start.plusSeconds(120));
        String token = LiveKitTokens.sign(KEY, SECRET, payload.getBytes(StandardCharsets.UTF_8), Instant.now());

        HttpResponse<String> unsigned = post(payload, null);
        HttpResponse<String> tampered = post(payload.replace("PA_f", "PA_g"), token);
        HttpResponse<String> foreign = post(payload, LiveKitTokens.sign("APIother", SECRET,
                payload.getBytes(StandardCharsets.UTF_8), Instant.now()));
        HttpResponse<String> ignored = deliver(LiveKitPayloads.trackPublished("room-x", start));

        assertThat(List.of(unsigned.statusCode(), tampered.statusCode(), foreign.statusCode())).containsOnly(401);
        assertThat(tampered.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(ignored.body()).contains("\"status\":\"ignored\"");
        assertThat(TopicReader.read(Topics.USAGE_RAW, e -> e.getCustomerId().equals(customer), 1, Duration.ofSeconds(3)))
                .isEmpty();
        assertThat(post(payload, token).statusCode()).isEqualTo(200);
    }

    private List<RawUsageEvent> usageOf(String customer, int atMost) {
        return TopicReader.read(Topics.USAGE_RAW, e -> e.getCustomerId().equals(customer), atMost, Duration.ofSeconds(5));
    }

    private HttpResponse<String> deliver(String payload) throws Exception {
        return post(payload, LiveKitTokens.sign(KEY, SECRET, payload.getBytes(StandardCharsets.UTF_8), Instant.now()));
    }

    private HttpResponse<String> post(String payload, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/livekit"))
                .header("Content-Type", "application/webhook+json")
                .POST(HttpRequest.BodyPublishers.ofString(payload));
        if (token != null) {
            request.header("Authorization", token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
