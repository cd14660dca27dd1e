package dev.sparks.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.platform.testing.EmbeddedInfrastructure;
import dev.sparks.platform.testing.TopicReader;
import dev.sparks.schemas.topic.Topics;
import dev.sparks.schemas.usage.RawUsageEvent;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** POST /v1/events over real HTTP with app keys, with the events checked on the real broker. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"sparks.ingest.instance-id=ingest-api-test", "sparks.ingest.max-batch-size=5",
                "sparks.ingest.max-body-size=4KB"})
class IngestApiTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        EmbeddedInfrastructure.register(registry, "ingest");
    }

    @LocalServerPort int port;

    private IngestHttp http;
    private String appKey;
    private final String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();

    @BeforeEach
    void appKey() throws Exception {
        http = new IngestHttp(port);
        appKey = http.newAppKey("support-bot");
    }

    @Test
    void acceptedEventsAreOnTheRawTopicWhenTheAnswerComesAndNameTheirApp() throws Exception {
        String customer = "ingest-" + UUID.randomUUID();
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();

        HttpResponse<String> response = http.postEvents("{\"events\":[" + event(first, customer, "1500") + ","
                + IngestHttp.event(second, customer, "compute_minutes", "2.25", now) + "]}", appKey);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).contains(first, second);
        List<RawUsageEvent> onKafka = TopicReader.read(Topics.USAGE_RAW, e -> e.getCustomerId().equals(customer), 2,
                Duration.ofSeconds(10));
        assertThat(onKafka).extracting(RawUsageEvent::getEventId).containsExactly(first, second);
        assertThat(onKafka).extracting(RawUsageEvent::getSource).containsOnly("api");
        assertThat(onKafka).allSatisfy(e -> assertThat(e.getProperties()).containsEntry("source_app", "support-bot"));
    }

    @Test
    void theSameEventIdSentAgainIsAcceptedAndPublishedOnce() throws Exception {
        String customer = "dup-" + UUID.randomUUID();
        String id = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();

        HttpResponse<String> first = http.postEvents(event(id, customer, "10"), appKey);
        HttpResponse<String> again = http.postEvents("{\"events\":[" + event(id, customer, "10") + ","
                + event(other, customer, "5") + "," + event(other, customer, "5") + "]}", appKey);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(again.body()).contains("\"accepted\":[\"" + other + "\"]").contains(id);
        List<RawUsageEvent> onKafka = TopicReader.read(Topics.USAGE_RAW, e -> e.getCustomerId().equals(customer), 3,
                Duration.ofSeconds(5));
        assertThat(onKafka).extracting(RawUsageEvent::getEventId).containsExactly(id, other);
    }

    @Test
    void aRequestWithOneBadEventIsRefusedWholeAndNothingReachesKafka() throws Exception {
        String customer = "refused-" + UUID.randomUUID();

        HttpResponse<String> response = http.postEvents("{\"events\":[" + event(UUID.randomUUID().toString(), customer, "10")
                + "," + event(UUID.randomUUID().toString(), customer, "-3") + "]}", appKey);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"field\":\"events[1].quantity\"");
        assertThat(TopicReader.read(Topics.USAGE_RAW, e -> e.getCustomerId().equals(customer), 1, Duration.ofSeconds(3)))
                .isEmpty();
    }

    @Test
    // before the bound these answers took seconds of CPU, printing the billion-digit number into the detail
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aQuantityWithAHugeExponentIsRefusedNamingItAndTheBoundAndNothingReachesKafka() throws Exception {
        Map<String, String> boundOf = new LinkedHashMap<>();
        boundOf.put("-1e999999999", "Too large");
        boundOf.put("1e-999999999", "At most 18 decimal places");
        boundOf.put("\"-1e999999999\"", "Too large");
        boundOf.put("1e999999999", "Too large");
        for (var quantity : boundOf.entrySet()) {
            String customer = "exponent-" + UUID.randomUUID();

            HttpResponse<String> response = http.postEvents("{\"events\":[" + event(UUID.randomUUID().toString(), customer, "10")
                    + "," + event(UUID.randomUUID().toString(), customer, quantity.getKey()) + "]}", appKey);

            assertThat(response.statusCode()).as(quantity.getKey()).isEqualTo(400);
            assertThat(response.body()).as(quantity.getKey()).hasSizeLessThan(1_000)
                    .contains("\"field\":\"events[1].quantity\"", quantity.getValue());
            assertThat(TopicReader.read(Topics.USAGE_RAW, e -> e.getCustomerId().equals(customer), 1, Duration.ofSeconds(1)))
                    .isEmpty();
        }
    }

    @Test
    void refusesBatchesOverTheLimitAndBodiesOverTheSizeLimit() throws Exception {
        String customer = "limits-" + UUID.randomUUID();
        String six = IntStream.range(0, 6).mapToObj(i -> event(UUID.randomUUID().toString(), customer, "1"))
                .collect(Collectors.joining(",", "{\"events\":[", "]}"));
        String huge = event(UUID.randomUUID().toString(), customer, "1").replace("}", ",\"properties\":{\"model\":\""
                + "x".repeat(5000) + "\"}}");

        HttpResponse<String> tooMany = http.postEvents(six, appKey);
        HttpResponse<String> tooLarge = http.postEvents(huge, appKey);

        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(tooMany.body()).contains("\"field\":\"events\"", "At most 5 events");
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("\"field\":\"body\"");
    }

    @Test
    void eventsNeedAnActiveAppKeyAndAdminRoutesNeedTheAdminKey() throws Exception {
        String body = event(UUID.randomUUID().toString(), "anyone", "1");
        String revoked = http.newAppKey("old-app");
        String keyId = revoked.split("\\.")[1];

        assertThat(http.postEvents(body, "spk.nope.wrong").statusCode()).isEqualTo(401);
        assertThat(http.postEvents(body, null).statusCode()).isEqualTo(401);
        assertThat(http.postEvents(body, EmbeddedInfrastructure.API_KEY).statusCode()).isEqualTo(401);
        assertThat(http.postEvents(body, revoked.substring(0, revoked.length() - 2) + "xx").statusCode()).isEqualTo(401);
        assertThat(http.send("DELETE", "/v1/admin/app-keys/" + keyId, null, EmbeddedInfrastructure.API_KEY, null)
                .statusCode()).isEqualTo(200);
        assertThat(http.postEvents(body, revoked).statusCode()).isEqualTo(401);
        assertThat(http.get("/v1/admin/app-keys", appKey).statusCode()).isEqualTo(401);
        HttpResponse<String> listed = http.get("/v1/admin/app-keys", EmbeddedInfrastructure.API_KEY);
        assertThat(listed.body()).contains(keyId, "old-app").doesNotContain(revoked.split("\\.")[2]);
        assertThat(http.send("POST", "/v1/admin/app-keys", "{\"app_name\":\"Bad Name!\"}", EmbeddedInfrastructure.API_KEY,
                "application/json").body()).contains("\"field\":\"app_name\"");
    }

    @Test
    void countsOutcomesAndServesItsOpenApiDescriptionAndHealthWithoutAKey() throws Exception {
        String customer = "metrics-" + UUID.randomUUID();
        String id = UUID.randomUUID().toString();
        http.postEvents(event(id, customer, "1"), appKey);
        http.postEvents(event(id, customer, "1"), appKey);
        http.postEvents(event(UUID.randomUUID().toString(), customer, "1").replace("ai_tokens", "gpu_hours"), appKey);

        HttpResponse<String> metrics = http.get("/actuator/prometheus", null);
        HttpResponse<String> openApi = http.get("/v3/api-docs", null);

        assertThat(http.get("/actuator/health", null).statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("kafka_producer")
                .containsPattern("sparks_ingest_events_total\\{[^}]*outcome=\"duplicate\"[^}]*source=\"api\"")
                .containsPattern("sparks_ingest_events_total\\{[^}]*outcome=\"rejected\",reason=\"metric\",source=\"api\"");
        assertThat(openApi.statusCode()).isEqualTo(200);
        assertThat(openApi.body()).contains("/v1/events", "/webhooks/livekit", "/v1/admin/app-keys");
    }

    private String event(String id, String customer, String quantity) {
        return IngestHttp.event(id, customer, "ai_tokens", quantity, now);
    }
}
