package dev.sparks.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.platform.testing.EmbeddedInfrastructure;
import dev.sparks.platform.testing.TopicReader;
import dev.sparks.schemas.topic.Topics;
import dev.sparks.schemas.usage.RawUsageEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** POST /v1/events over real HTTP, with the events checked on the real broker. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IngestApiTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        EmbeddedInfrastructure.register(registry, "ingest");
    }

    @LocalServerPort int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void acceptedEventsAreOnTheRawTopicWhenTheAnswerComes() throws Exception {
        String customer = "ingest-" + UUID.randomUUID();
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();

        HttpResponse<String> response = post("{\"events\":[" + event(first, customer, "1500") + ","
                + event(second, customer, "2.25") + "]}", EmbeddedInfrastructure.API_KEY);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).contains(first, second);
        List<RawUsageEvent> onKafka = TopicReader.read(Topics.USAGE_RAW, e -> e.getCustomerId().equals(customer), 2,
                Duration.ofSeconds(10));
        assertThat(onKafka).extracting(RawUsageEvent::getEventId).containsExactly(first, second);
        assertThat(onKafka).extracting(RawUsageEvent::getSource).containsOnly("api");
    }

    @Test
    void aRequestWithOneBadEventIsRefusedWholeAndNothingReachesKafka() throws Exception {
        String customer = "refused-" + UUID.randomUUID();

        HttpResponse<String> response = post("{\"events\":[" + event(UUID.randomUUID().toString(), customer, "10") + ","
                + event(UUID.randomUUID().toString(), customer, "-3") + "]}", EmbeddedInfrastructure.API_KEY);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"field\":\"events[1].quantity\"");
        assertThat(TopicReader.read(Topics.USAGE_RAW, e -> e.getCustomerId().equals(customer), 1, Duration.ofSeconds(3)))
                .isEmpty();
    }

    @Test
    void callsWithoutAValidApiKeyAreRefused() throws Exception {
        String body = event(UUID.randomUUID().toString(), "anyone", "1");

        assertThat(post(body, "wrong-key").statusCode()).isEqualTo(401);
        assertThat(post(body, null).statusCode()).isEqualTo(401);
    }

    @Test
    void healthAndMetricsAreOpenWithoutAKeyAndShowTheKafkaProducer() throws Exception {
        post(event(UUID.randomUUID().toString(), "metrics-" + UUID.randomUUID(), "1"), EmbeddedInfrastructure.API_KEY);
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(url("/actuator/health"))).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(url("/actuator/prometheus"))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("kafka_producer");
    }

    private HttpResponse<String> post(String body, String apiKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url("/v1/events")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private static String event(String id, String customer, String quantity) {
        return "{\"event_id\":\"" + id + "\",\"customer_id\":\"" + customer + "\",\"metric\":\"ai_tokens\",\"quantity\":"
                + quantity + ",\"occurred_at\":\"2026-10-05T10:00:00Z\"}";
    }
}
