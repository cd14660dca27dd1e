package dev.sparks.ingest.langfuse;

import static dev.sparks.ingest.persistence.jooq.Tables.LANGFUSE_BILLED_USAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sparks.platform.testing.EmbeddedInfrastructure;
import dev.sparks.platform.testing.TopicReader;
import dev.sparks.schemas.topic.Topics;
import dev.sparks.schemas.usage.RawUsageEvent;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.math.BigDecimal;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** POST /usage/sync and the error log against a local Langfuse, with the events checked on the real broker. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LangfuseSyncTest {

    static final LangfuseStandIn LANGFUSE = start();
    static final Duration MAX_BACKOFF = Duration.ofMillis(400);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        EmbeddedInfrastructure.register(registry, "langfuse");
        registry.add("sparks.ingest.langfuse.base-url", LANGFUSE::baseUrl);
        registry.add("sparks.ingest.langfuse.public-key", () -> LangfuseStandIn.PUBLIC_KEY);
        registry.add("sparks.ingest.langfuse.secret-key", () -> LangfuseStandIn.SECRET_KEY);
        registry.add("sparks.ingest.langfuse.page-size", () -> "2");
        registry.add("sparks.ingest.langfuse.initial-lookback", () -> "2h");
        registry.add("sparks.ingest.langfuse.overlap", () -> "30m");
        registry.add("sparks.ingest.langfuse.retry.max-attempts", () -> "4");
        registry.add("sparks.ingest.langfuse.retry.initial-backoff", () -> "10ms");
        registry.add("sparks.ingest.langfuse.retry.max-backoff", () -> MAX_BACKOFF.toMillis() + "ms");
    }

    @LocalServerPort int port;
    @Autowired SyncState state;
    @Autowired MeterRegistry meters;
    @Autowired LangfuseSchedule schedule;
    @Autowired DSLContext db;
    @Autowired Clock clock;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeEach
    void freshLangfuse() {
        LANGFUSE.reset();
    }

    @Test
    void everyCursorPageIsPulledAndEachObservationPublishedOnce() throws Exception {
        String customer = customer();
        List<String> traces = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String trace = "trace-" + UUID.randomUUID();
            traces.add(trace);
            LANGFUSE.generation("obs-" + UUID.randomUUID(), trace, minutesAgo(5 - i), customer, 100 + i, 10 + i);
        }
        double acceptedBefore = accepted();

        JsonNode status = sync(200);

        assertThat(status.get("status").asString()).isEqualTo("completed");
        assertThat(status.get("api_version").asString()).isEqualTo("v2");
        assertThat(status.get("observations_seen").asInt()).isEqualTo(5);
        assertThat(status.get("events_published").asInt()).isEqualTo(10);
        assertThat(texts(status.get("processed_trace_ids"))).containsExactlyElementsOf(traces);
        List<LangfuseStandIn.Seen> pages = LANGFUSE.requests("/api/public/v2/observations");
        assertThat(pages).hasSize(3);
        assertThat(pages.getFirst().query()).containsEntry("type", "GENERATION").containsEntry("limit", "2")
                .containsKeys("fromStartTime", "toStartTime").doesNotContainKey("cursor");
        assertThat(pages.subList(1, 3)).allSatisfy(page -> assertThat(page.query()).containsKey("cursor"));
        List<RawUsageEvent> events = exactly(customer, 10);
        assertThat(events).extracting(RawUsageEvent::getEventId).doesNotHaveDuplicates();
        assertThat(events).extracting(RawUsageEvent::getSource).containsOnly("langfuse");
        assertThat(accepted() - acceptedBefore).isEqualTo(10.0);
    }

    @Test
    void olderServersArePagedThroughV1AndTheCustomerIsReadFromTheTrace() throws Exception {
        String customer = customer();
        for (int i = 0; i < 3; i++) {
            String trace = "trace-" + UUID.randomUUID();
            LANGFUSE.trace(trace, customer);
            LANGFUSE.generation("obs-" + UUID.randomUUID(), trace, minutesAgo(4), customer, 50, 5);
        }
        LANGFUSE.withoutV2();

        JsonNode status = sync(200);

        assertThat(status.get("api_version").asString()).isEqualTo("v1");
        assertThat(status.get("events_published").asInt()).isEqualTo(6);
        assertThat(LANGFUSE.requests("/api/public/observations")).extracting(seen -> seen.query().get("page"))
                .containsExactly("1", "2");
        List<RawUsageEvent> events = exactly(customer, 6);
        assertThat(events).allSatisfy(event -> assertThat(event.getProperties()).containsEntry("model", "gpt-4o-mini"));
    }

    @Test
    void aServerErrorIsRetriedWithBackoffAndTheEventsArePublishedOnce() throws Exception {
        String customer = customer();
        LANGFUSE.generation("obs-" + UUID.randomUUID(), "trace-" + UUID.randomUUID(), minutesAgo(3), customer, 7, 3);
        LANGFUSE.fail(2, 500, null, seen -> seen.path().equals("/api/public/v2/observations"));

        JsonNode status = sync(200);

        assertThat(LANGFUSE.requests("/api/public/v2/observations")).extracting(LangfuseStandIn.Seen::status)
                .containsExactly(500, 500, 200);
        assertThat(status.get("events_published").asInt()).isEqualTo(2);
        exactly(customer, 2);
    }

    @Test
    void tooManyRequestsWaitsForRetryAfterButNoLongerThanTheLongestBackoff() throws Exception {
        String customer = customer();
        LANGFUSE.generation("obs-" + UUID.randomUUID(), "trace-" + UUID.randomUUID(), minutesAgo(3), customer, 7, 3);
        LANGFUSE.fail(1, 429, "30", seen -> seen.path().equals("/api/public/v2/observations"));

        sync(200);

        List<LangfuseStandIn.Seen> calls = LANGFUSE.requests("/api/public/v2/observations");
        assertThat(calls).extracting(LangfuseStandIn.Seen::status).containsExactly(429, 200);
        Duration waited = Duration.between(calls.get(0).at(), calls.get(1).at());
        assertThat(waited).isBetween(MAX_BACKOFF.minusMillis(50), Duration.ofSeconds(5));
        exactly(customer, 2);
    }

    @Test
    void aLateObservationInsideTheOverlapIsPickedUpAndThoseAlreadyPublishedAreNotRepublished() throws Exception {
        String customer = customer();
        LANGFUSE.generation("obs-" + UUID.randomUUID(), "trace-" + UUID.randomUUID(), minutesAgo(5), customer, 10, 1);
        LANGFUSE.generation("obs-" + UUID.randomUUID(), "trace-" + UUID.randomUUID(), minutesAgo(4), customer, 20, 2);
        JsonNode first = sync(200);
        // Langfuse ingested this one late: it started before the first window's end but was not visible then.
        String late = "obs-" + UUID.randomUUID();
        LANGFUSE.generation(late, "trace-" + UUID.randomUUID(), minutesAgo(8), customer, 30, 3);

        JsonNode second = sync(200);

        assertThat(Instant.parse(second.get("window_from").asString()))
                .isBefore(Instant.parse(first.get("window_to").asString()).minus(Duration.ofMinutes(8)));
        assertThat(second.get("observations_seen").asInt()).isEqualTo(3);
        assertThat(second.get("events_published").asInt()).isEqualTo(2);
        assertThat(second.get("duplicates_skipped").asInt()).isEqualTo(4);
        List<RawUsageEvent> events = exactly(customer, 6);
        assertThat(events).extracting(RawUsageEvent::getEventId).doesNotHaveDuplicates()
                .contains(ObservationConverter.eventId(late, "input"), ObservationConverter.eventId(late, "output"));
    }

    @Test
    void aGenerationFirstPulledWithPartialUsageIsBilledOnceWithItsFinalUsage() throws Exception {
        String customer = customer();
        String id = "obs-" + UUID.randomUUID();
        // Given a generation pulled while its output was still streaming
        ObjectNode generation = LANGFUSE.generation(id, "trace-" + UUID.randomUUID(), minutesAgo(5), customer, 100, 5);
        JsonNode first = sync(200);
        assertThat(first.get("events_published").asInt()).isEqualTo(2);

        // When Langfuse updates its usage and the next syncs pull it again (it is inside their overlap)
        generation.set("usageDetails", json.createObjectNode().put("input", 100).put("output", 80).put("total", 180));
        JsonNode second = sync(200);
        JsonNode third = sync(200);

        // Then only the growth of the output is billed, once: 100 input and 80 output tokens in all
        assertThat(second.get("events_published").asInt()).isEqualTo(1);
        assertThat(second.get("duplicates_skipped").asInt()).isEqualTo(1);
        assertThat(third.get("events_published").asInt()).isZero();
        List<RawUsageEvent> events = exactly(customer, 3);
        assertThat(events).extracting(RawUsageEvent::getEventId).doesNotHaveDuplicates();
        assertThat(tokens(events, "input")).isEqualByComparingTo("100");
        assertThat(tokens(events, "output")).isEqualByComparingTo("80");
    }

    @Test
    void anObservationAppearingAfterTheOverlapIsBilledOnceByTheLateSweepAndCorrectedOnce() throws Exception {
        String customer = customer();
        String id = "obs-" + UUID.randomUUID();
        sync(200);
        // Given a generation that reaches Langfuse 90 minutes after its start, when the syncs'
        // windows (30 minutes of overlap) have long passed that start
        ObjectNode generation = LANGFUSE.generation(id, "trace-" + UUID.randomUUID(), minutesAgo(90), customer, 200, 20);
        JsonNode sync = sync(200);
        assertThat(sync.get("observations_seen").asInt()).isZero();

        // When the late sweep runs, then again after Langfuse updated the usage, then twice more
        JsonNode found = lateSweep();
        LANGFUSE.updateUsage(generation, 200, 150);
        JsonNode syncAfterUpdate = sync(200);
        JsonNode corrected = lateSweep();
        JsonNode again = lateSweep();
        JsonNode lastSync = sync(200);

        // Then it is billed once with its final usage: 200 input and 150 output tokens in all
        assertThat(found.get("pass").asString()).isEqualTo("late_sweep");
        assertThat(Instant.parse(found.get("window_from").asString()))
                .isBefore(Instant.parse(found.get("window_to").asString()).minus(Duration.ofDays(34)));
        assertThat(found.get("events_published").asInt()).isEqualTo(2);
        assertThat(syncAfterUpdate.get("events_published").asInt()).isZero();
        assertThat(corrected.get("events_published").asInt()).isEqualTo(1);
        assertThat(corrected.get("duplicates_skipped").asInt()).isEqualTo(1);
        assertThat(again.get("events_published").asInt()).isZero();
        assertThat(again.get("duplicates_skipped").asInt()).isEqualTo(2);
        assertThat(lastSync.get("events_published").asInt()).isZero();
        List<RawUsageEvent> events = exactly(customer, 3);
        assertThat(events).extracting(RawUsageEvent::getEventId).doesNotHaveDuplicates();
        assertThat(tokens(events, "input")).isEqualByComparingTo("200");
        assertThat(tokens(events, "output")).isEqualByComparingTo("150");
        SyncState.Snapshot shown = state.snapshot();
        assertThat(shown.lateSweepStatus()).isEqualTo("completed");
        // PostgreSQL keeps microseconds
        // PostgreSQL keeps microseconds, rounded: the stored instant is within a microsecond of the answer's.
        assertThat(shown.lateSweepTo()).isCloseTo(Instant.parse(again.get("window_to").asString()), within(1, ChronoUnit.MICROS));
        assertThat(shown.watermark()).isCloseTo(Instant.parse(lastSync.get("window_to").asString()), within(1, ChronoUnit.MICROS));
    }

    @Test
    void billedUsageIsForgottenOnlyOnceItIsOlderThanTheRetention() {
        String old = "obs-" + UUID.randomUUID();
        String recent = "obs-" + UUID.randomUUID();
        Instant now = clock.instant();
        // The retention (40 days by default) outlives the late sweep's lookback (35 days)
        billedAt(old, now.minus(Duration.ofDays(41)));
        billedAt(recent, now.minus(Duration.ofDays(34)));

        schedule.forgetOldBilledUsage();

        assertThat(db.fetchCount(LANGFUSE_BILLED_USAGE, LANGFUSE_BILLED_USAGE.OBSERVATION_ID.eq(old))).isZero();
        assertThat(db.fetchCount(LANGFUSE_BILLED_USAGE, LANGFUSE_BILLED_USAGE.OBSERVATION_ID.eq(recent))).isEqualTo(1);
    }

    private void billedAt(String observationId, Instant at) {
        db.insertInto(LANGFUSE_BILLED_USAGE)
                .set(LANGFUSE_BILLED_USAGE.OBSERVATION_ID, observationId)
                .set(LANGFUSE_BILLED_USAGE.TOKEN_TYPE, "input")
                .set(LANGFUSE_BILLED_USAGE.QUANTITY, BigDecimal.TEN)
                .set(LANGFUSE_BILLED_USAGE.EVENT_ID, ObservationConverter.eventId(observationId, "input"))
                .set(LANGFUSE_BILLED_USAGE.BILLED_AT, at.atOffset(ZoneOffset.UTC))
                .execute();
    }

    private JsonNode lateSweep() throws Exception {
        HttpResponse<String> response = post("/usage/sync/late-sweep", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private static BigDecimal tokens(List<RawUsageEvent> events, String tokenType) {
        return events.stream().filter(e -> tokenType.equals(e.getProperties().get("token_type")))
                .map(RawUsageEvent::getQuantity).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    @Test
    void aPageThatKeepsFailingLeavesTheWatermarkAndTheNextSyncCompletesTheWindow() throws Exception {
        String customer = customer();
        for (int i = 0; i < 4; i++) {
            LANGFUSE.generation("obs-" + UUID.randomUUID(), "trace-" + UUID.randomUUID(), minutesAgo(6 - i), customer, 5, 5);
        }
        sync(200); // sets a watermark for this test to compare against
        Instant watermark = state.snapshot().watermark();
        String lateCustomer = customer();
        for (int i = 0; i < 4; i++) {
            LANGFUSE.generation("obs-" + UUID.randomUUID(), "trace-" + UUID.randomUUID(), minutesAgo(2), lateCustomer, 5, 5);
        }
        LANGFUSE.fail(4, 503, null, seen -> seen.query().containsKey("cursor"));

        HttpResponse<String> failed = post("/usage/sync", null);

        assertThat(failed.statusCode()).isEqualTo(502);
        assertThat(failed.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(state.snapshot().watermark()).isEqualTo(watermark);
        JsonNode shown = json.readTree(http.send(HttpRequest.newBuilder(URI.create(url("/usage/sync")))
                .header("Authorization", "Bearer " + EmbeddedInfrastructure.API_KEY).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(shown.get("last_status").asString()).isEqualTo("failed");
        assertThat(Instant.parse(shown.get("watermark").asString())).isEqualTo(watermark);

        JsonNode retried = sync(200);

        assertThat(state.snapshot().watermark()).isAfter(watermark);
        assertThat(retried.get("duplicates_skipped").asInt()).isPositive();
        assertThat(exactly(lateCustomer, 8)).extracting(RawUsageEvent::getEventId).doesNotHaveDuplicates();
    }

    @Test
    void anObservationWithoutCustomerIsLoggedWithItsPayloadAndPublishedOnceTheTraceIsFixed() throws Exception {
        String observation = "obs-" + UUID.randomUUID();
        String trace = "trace-" + UUID.randomUUID();
        String customer = customer();
        LANGFUSE.trace(trace, null);
        LANGFUSE.generation(observation, trace, minutesAgo(3), null, 40, 4);

        JsonNode status = sync(200);

        assertThat(status.get("errors_logged").asInt()).isEqualTo(1);
        assertThat(status.get("events_published").asInt()).isZero();
        JsonNode error = errorOf(observation);
        assertThat(error.get("status").asString()).isEqualTo("open");
        assertThat(error.get("reason").asString()).contains("no customer");
        assertThat(error.get("trace_id").asString()).isEqualTo(trace);
        assertThat(error.get("payload").get("id").asString()).isEqualTo(observation);
        assertThat(error.get("payload").get("usageDetails").get("input").asInt()).isEqualTo(40);
        String errorId = error.get("error_id").asString();

        JsonNode stillBroken = retry("{\"error_id\":\"" + errorId + "\"}");
        LANGFUSE.trace(trace, customer);
        JsonNode fixed = retry("{\"error_id\":\"" + errorId + "\"}");

        assertThat(stillBroken.get("results").get(0).get("outcome").asString()).isEqualTo("failed");
        assertThat(fixed.get("results").get(0).get("outcome").asString()).isEqualTo("succeeded");
        assertThat(fixed.get("results").get(0).get("events_published").asInt()).isEqualTo(2);
        assertThat(exactly(customer, 2)).extracting(RawUsageEvent::getEventId)
                .containsExactlyInAnyOrder(ObservationConverter.eventId(observation, "input"),
                        ObservationConverter.eventId(observation, "output"));
        JsonNode resolved = errorOf(observation);
        assertThat(resolved.get("status").asString()).isEqualTo("resolved");
        assertThat(resolved.get("attempts").asInt()).isEqualTo(2);
        assertThat(texts(resolved.get("attempt_log"), "outcome")).containsExactly("failed", "succeeded");
        assertThat(LANGFUSE.requests("/api/public/traces/" + trace)).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void aLoggedErrorIsResolvedByALaterSyncOnceTheTraceNamesTheCustomer() throws Exception {
        String observation = "obs-" + UUID.randomUUID();
        String trace = "trace-" + UUID.randomUUID();
        String customer = customer();
        LANGFUSE.trace(trace, null);
        LANGFUSE.generation(observation, trace, minutesAgo(3), null, 12, 3);
        sync(200);
        assertThat(errorOf(observation).get("status").asString()).isEqualTo("open");

        LANGFUSE.trace(trace, customer);
        JsonNode status = sync(200);

        assertThat(status.get("errors_logged").asInt()).isZero();
        assertThat(texts(status.get("processed_trace_ids"))).contains(trace);
        JsonNode resolved = errorOf(observation);
        assertThat(resolved.get("status").asString()).isEqualTo("resolved");
        assertThat(texts(resolved.get("attempt_log"), "outcome")).containsExactly("succeeded");
        assertThat(exactly(customer, 2)).extracting(RawUsageEvent::getCustomerId).containsOnly(customer);
    }

    @Test
    void anOperatorMayNameTheCustomerAndRetryingAllLeavesResolvedErrorsAlone() throws Exception {
        String observation = "obs-" + UUID.randomUUID();
        String customer = customer();
        LANGFUSE.generation(observation, "trace-" + UUID.randomUUID(), minutesAgo(3), "not a valid id!", 9, 1);
        sync(200);
        String errorId = errorOf(observation).get("error_id").asString();

        JsonNode result = retry("{\"error_id\":\"" + errorId + "\",\"customer_id\":\"" + customer + "\"}");
        JsonNode all = retry(null);

        assertThat(result.get("results").get(0).get("outcome").asString()).isEqualTo("succeeded");
        assertThat(exactly(customer, 2)).allSatisfy(event -> assertThat(event.getSource()).isEqualTo("langfuse"));
        assertThat(texts(all.get("results"), "error_id")).doesNotContain(errorId);
        assertThat(errorOf(observation).get("status").asString()).isEqualTo("resolved");
    }

    @Test
    void retryingAnUnknownErrorIsNotFound() throws Exception {
        HttpResponse<String> response = post("/usage/errors/retry", "{\"error_id\":\"" + UUID.randomUUID() + "\"}");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(post("/usage/errors/retry", "{\"error_id\":\"nope\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void theProjectKeysAreSentAsBasicAuthAndARefusalIsNotRetried() throws Exception {
        LANGFUSE.generation("obs-" + UUID.randomUUID(), "trace-" + UUID.randomUUID(), minutesAgo(3), customer(), 1, 1);
        sync(200);
        assertThat(LANGFUSE.requests()).extracting(LangfuseStandIn.Seen::authorization)
                .containsOnly(LangfuseStandIn.basic(LangfuseStandIn.PUBLIC_KEY, LangfuseStandIn.SECRET_KEY));
        LANGFUSE.reset();
        LANGFUSE.expectKeys("pk-lf-rotated", "sk-lf-rotated");

        HttpResponse<String> refused = post("/usage/sync", null);

        assertThat(refused.statusCode()).isEqualTo(502);
        assertThat(LANGFUSE.requests()).extracting(LangfuseStandIn.Seen::status).containsExactly(401);
    }

    @Test
    void aSyncOrLateSweepWhileAnotherRunHoldsTheLeaseIsRefusedAndPullsNothing() throws Exception {
        assertThat(state.acquire("another-instance", Duration.ofMinutes(1))).isPresent();
        try {
            HttpResponse<String> sync = post("/usage/sync", null);
            HttpResponse<String> lateSweep = post("/usage/sync/late-sweep", null);

            assertThat(sync.statusCode()).isEqualTo(409);
            assertThat(lateSweep.statusCode()).isEqualTo(409);
            assertThat(LANGFUSE.requests()).isEmpty();
        } finally {
            state.fail("another-instance", "released by the test");
        }
        sync(200);
    }

    @Test
    void syncRequiresTheApiKey() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url("/usage/sync")))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(LANGFUSE.requests()).isEmpty();
    }

    private JsonNode sync(int expectedStatus) throws Exception {
        HttpResponse<String> response = post("/usage/sync", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        return json.readTree(response.body());
    }

    private JsonNode retry(String body) throws Exception {
        HttpResponse<String> response = post("/usage/errors/retry", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private JsonNode errorOf(String observationId) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url("/usage/errors")))
                .header("Authorization", "Bearer " + EmbeddedInfrastructure.API_KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        for (JsonNode error : json.readTree(response.body())) {
            if (error.get("observation_id").asString().equals(observationId)) {
                return error;
            }
        }
        throw new AssertionError("No sync error for " + observationId + " in " + response.body());
    }

    /** The customer's events on usage.raw.v1, asserting there are exactly {@code count} (waits a little for any extra). */
    private static List<RawUsageEvent> exactly(String customer, int count) {
        List<RawUsageEvent> events = TopicReader.read(Topics.USAGE_RAW, e -> e.getCustomerId().equals(customer), count + 1,
                Duration.ofSeconds(4));
        assertThat(events).hasSize(count);
        return events;
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
                .header("Authorization", "Bearer " + EmbeddedInfrastructure.API_KEY);
        if (body == null) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private double accepted() {
        var counter = meters.find("sparks.ingest.events").tag("source", "langfuse").tag("outcome", "accepted").counter();
        return counter == null ? 0 : counter.count();
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asString()));
        return texts;
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.get(field).asString()));
        return texts;
    }

    private static Instant minutesAgo(int minutes) {
        return Instant.now().minus(Duration.ofMinutes(minutes));
    }

    private static String customer() {
        return "lf-" + UUID.randomUUID();
    }

    private static LangfuseStandIn start() {
        try {
            return new LangfuseStandIn();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
