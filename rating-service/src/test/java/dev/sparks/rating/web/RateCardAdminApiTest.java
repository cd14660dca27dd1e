package dev.sparks.rating.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.platform.testing.EmbeddedInfrastructure;
import dev.sparks.platform.testing.TopicReader;
import dev.sparks.rating.TestCards;
import dev.sparks.schemas.rating.RateCardPublished;
import dev.sparks.schemas.topic.Topics;
import dev.sparks.rating.ratecard.PublishedCards;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The rate card admin API over HTTP: drafts, publishing, validation as problem+json with field names. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// Closed after the class: every test context's rating stage joins the consumer group "rating", and
// a cached context would go on taking partitions (and rating into its own database) for later classes.
@DirtiesContext
class RateCardAdminApiTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        EmbeddedInfrastructure.register(registry, "rating_admin");
    }

    @LocalServerPort int port;

    @Autowired PublishedCards publishedCards;

    @Test
    void theShippedCardIsPublishedAtStartAndAnnouncedOnTheCompactedTopic() {
        Http.Response list = http().get("/v1/admin/rate-cards");

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get(0).get("version").asString()).isEqualTo("v1");
        assertThat(list.json().get(0).get("status").asString()).isEqualTo("PUBLISHED");
        assertThat(list.json().get(0).get("metrics").get("ai_tokens").get("sparks").decimalValue()).isEqualByComparingTo("100");
        List<RateCardPublished> announced = TopicReader.read(Topics.RATE_CARDS, card -> card.getVersion().equals("v1"), 1,
                Duration.ofSeconds(20));
        assertThat(announced).isNotEmpty();
        assertThat(announced.getFirst().getUsdPerSpark()).isEqualByComparingTo("0.001");
        assertThat(announced.getFirst().getVolumeDiscount().getThresholdSparks()).isEqualByComparingTo("10000");
    }

    @Test
    void publishedCardsAreAnAppendOnlyHistoryInWhichTheLatestStartPricesAnInstant() {
        Http.Response created = http().post("/v1/admin/rate-cards", card("2031-01", "2031-01-01T00:00:00Z", null, "110", true));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(http().get("/v1/admin/rate-cards/2031-01").json().get("status").asString()).isEqualTo("DRAFT");

        Http.Response published = http().post("/v1/admin/rate-cards/2031-01/publish", "");

        assertThat(published.status()).as(published.body()).isEqualTo(200);
        assertThat(published.json().get("status").asString()).isEqualTo("PUBLISHED");
        assertThat(published.json().get("published_at").isNull()).isFalse();
        assertThat(http().get("/v1/admin/rate-cards/v1").json().get("effective_to").isNull())
                .as("publishing never edits a published card").isTrue();
        assertThat(TopicReader.read(Topics.RATE_CARDS, card -> card.getVersion().equals("v1") && card.getEffectiveTo() != null,
                1, Duration.ofSeconds(3))).as("v1 is never announced again with an end").isEmpty();
        assertProblem(http().post("/v1/admin/rate-cards/2031-01/publish", ""), 409, "version");

        // A bounded card inside the open ones applies within its dates only.
        http().post("/v1/admin/rate-cards", card("2030-h2", "2030-07-01T00:00:00Z", "2031-02-01T00:00:00Z", "100", true));
        assertThat(http().post("/v1/admin/rate-cards/2030-h2/publish", "").status()).isEqualTo(200);
        publishedCards.refresh();
        assertThat(publishedCards.effectiveAt(Instant.parse("2030-06-30T23:59:59Z")).orElseThrow().version()).isEqualTo("v1");
        assertThat(publishedCards.effectiveAt(Instant.parse("2030-08-01T00:00:00Z")).orElseThrow().version()).isEqualTo("2030-h2");
        assertThat(publishedCards.effectiveAt(Instant.parse("2031-01-15T00:00:00Z")).orElseThrow().version())
                .as("of two covering cards the later start wins").isEqualTo("2031-01");
        assertThat(publishedCards.effectiveAt(Instant.parse("2031-03-01T00:00:00Z")).orElseThrow().version()).isEqualTo("2031-01");
    }

    @Test
    void aCardForAPeriodThatHasBegunIsPublishedAsACorrectionThatPricesThatPeriod() {
        http().post("/v1/admin/rate-cards", card("2026-10b", "2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z", "90", true));

        Http.Response published = http().post("/v1/admin/rate-cards/2026-10b/publish", "");

        assertThat(published.status()).as(published.body()).isEqualTo(200);
        assertThat(published.json().get("correction").asBoolean()).as("published after its start").isTrue();
        publishedCards.refresh();
        assertThat(publishedCards.effectiveAt(Instant.parse("2026-10-15T00:00:00Z")).orElseThrow().version()).isEqualTo("2026-10b");
        assertThat(publishedCards.effectiveAt(Instant.parse("2026-11-15T00:00:00Z")).orElseThrow().version()).isNotEqualTo("2026-10b");

        http().post("/v1/admin/rate-cards", card("2090-01", "2090-01-01T00:00:00Z", null, "100", true));
        assertThat(http().post("/v1/admin/rate-cards/2090-01/publish", "").json().get("correction").asBoolean())
                .as("a card published before its start corrects nothing").isFalse();
    }

    @Test
    void aNegativePriceIsRefusedNamingTheField() {
        Http.Response refused = http().post("/v1/admin/rate-cards", card("negative", "2040-01-01T00:00:00Z", null, "-1", true));

        assertProblem(refused, 400, "metrics.ai_tokens.sparks");
    }

    @Test
    void aCardThatLeavesAMetricInUseUnpricedIsRefusedAtPublish() {
        http().post("/v1/admin/rate-cards", card("no-storage", "2050-01-01T00:00:00Z", null, "100", false));

        Http.Response refused = http().post("/v1/admin/rate-cards/no-storage/publish", "");

        assertProblem(refused, 400, "metrics");
        assertThat(refused.json().get("detail").asString()).contains("storage_gb_months");
    }

    @Test
    void malformedValuesAndBadDatesNameTheirField() {
        assertProblem(http().post("/v1/admin/rate-cards", "{\"version\":\"x\",\"effective_from\":\"soon\"}"), 400, "effective_from");
        assertProblem(http().post("/v1/admin/rate-cards", card("backwards", "2060-01-01T00:00:00Z", "2059-01-01T00:00:00Z", "1", true)),
                400, "effective_to");
        assertProblem(http().post("/v1/admin/rate-cards", card("bad version!", "2060-01-01T00:00:00Z", null, "1", true)), 400, "version");
        assertProblem(http().post("/v1/admin/rate-cards", card("unknown-override", "2070-01-01T00:00:00Z", null, "1", true)
                .replace("\"overrides\":[]", "\"overrides\":[{\"plan\":\"enterprise\",\"metric\":\"teleport_minutes\",\"sparks\":1}]")),
                400, "overrides[0].metric");
        assertThat(http().get("/v1/admin/rate-cards/nope").status()).isEqualTo(404);
    }

    @Test
    // the failure before the bound was a request that never ended (a billion-digit number rescaled)
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void numbersWithAHugeExponentAreRefusedNamingTheFieldAndStoreNothing() {
        for (String quantity : List.of("1e999999999", "1e-999999999")) {
            assertProblem(http().post("/v1/prices/preview", """
                    {"plan":"free","items":[{"metric":"ai_tokens","quantity":%s}]}""".formatted(quantity)), 400, "items[0].quantity");
        }
        assertProblem(http().post("/v1/admin/rate-cards", card("huge-exponent", "2080-01-01T00:00:00Z", null, "1e-999999999", true)),
                400, "metrics.ai_tokens.sparks");
        assertThat(http().get("/v1/admin/rate-cards/huge-exponent").status()).isEqualTo(404);
    }

    private void assertProblem(Http.Response response, int status, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.json().get("field").asString()).isEqualTo(field);
    }

    /** A card with the shipped metrics (storage left out unless asked) and ai_tokens at the given price. */
    static String card(String version, String from, String to, String aiTokens, boolean withStorage) {
        return """
                {"version":"%s","effective_from":"%s",%s"usd_per_spark":0.001,
                 "metrics":%s,
                 "volume_discount":{"threshold_sparks":10000,"percent":5,"applies_to":"ABOVE_THRESHOLD"},
                 "overrides":[]}
                """.formatted(version, from, to == null ? "" : "\"effective_to\":\"" + to + "\",",
                TestCards.metrics(aiTokens, withStorage, true));
    }

    private Http http() {
        return new Http(port);
    }
}
