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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Many more concurrent requests than the service takes at once: 202 or 429, never a 5xx, nothing lost. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"sparks.ingest.instance-id=overload-test", "sparks.ingest.max-in-flight-requests=2"})
class OverloadTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        EmbeddedInfrastructure.register(registry, "overload");
    }

    @LocalServerPort int port;

    @Test
    void beyondTheInFlightBoundRequestsAreRefusedWith429AndTheirRetriesAreCountedOnce() throws Exception {
        IngestHttp http = new IngestHttp(port);
        String key = http.newAppKey("burst-app");
        String customer = "burst-" + UUID.randomUUID();
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        List<String> bodies = IntStream.range(0, 40).mapToObj(request -> IntStream.range(0, 25)
                .mapToObj(i -> IngestHttp.event(UUID.randomUUID().toString(), customer, "ai_tokens", "7", now))
                .collect(Collectors.joining(",", "{\"events\":[", "]}"))).toList();
        Map<String, HttpResponse<String>> answers = new ConcurrentHashMap<>();

        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> sent = new ArrayList<>();
            for (String body : bodies) {
                sent.add(clients.submit(() -> answers.put(body, http.postEvents(body, key))));
            }
            for (Future<?> request : sent) {
                request.get();
            }
        }

        assertThat(answers.values()).extracting(HttpResponse::statusCode).containsOnly(202, 429).contains(429);
        HttpResponse<String> refused = answers.values().stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow();
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(refused.body()).contains("\"status\":429");

        for (String body : bodies) {
            HttpResponse<String> answer = answers.get(body);
            while (answer.statusCode() == 429) {
                Thread.sleep(50);
                answer = http.postEvents(body, key);
            }
            assertThat(answer.statusCode()).isEqualTo(202);
        }
        List<RawUsageEvent> onKafka = TopicReader.read(Topics.USAGE_RAW, e -> e.getCustomerId().equals(customer),
                bodies.size() * 25 + 1, Duration.ofSeconds(10));
        assertThat(onKafka).hasSize(bodies.size() * 25);
        assertThat(onKafka).extracting(RawUsageEvent::getEventId).doesNotHaveDuplicates();
    }
}
