package dev.sparks.invoicing.reconciliation;

import static dev.sparks.invoicing.persistence.jooq.Tables.UNBILLED_INGEST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.invoicing.InvoicingTestSupport;
import dev.sparks.schemas.deadletter.DeadLetter;
import dev.sparks.schemas.deadletter.DeadLetterReasons;
import dev.sparks.schemas.topic.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Usage ingestion received but could not publish still shows in reconciliation, as not billed and why. */
class UnbilledIngestReconciliationTest extends InvoicingTestSupport {

    @Test
    void liveKitUsageWithoutACustomerIsListedAsIngestedNotBilledWithItsReason() {
        // Given LiveKit usage ingestion dead-lettered because no Sparks customer could be resolved
        String room = "room-" + UUID.randomUUID();
        DeadLetter letter = DeadLetter.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(at("2027-06-10T12:00:00Z"))
                .setProducer("usage-ingest-service")
                .setSourceTopic("webhook:livekit")
                .setSourcePartition(-1)
                .setSourceOffset(-1)
                .setOriginalEventId("EV_" + UUID.randomUUID())
                .setReason(DeadLetterReasons.coded(DeadLetterReasons.CUSTOMER_UNRESOLVED,
                        "No Sparks customer for livekit_egress_minutes in room '" + room + "': set sparks_customer_id"))
                .setOriginalValue(ByteBuffer.wrap("{}".getBytes(StandardCharsets.UTF_8)))
                .build();
        send(Topics.INGEST_DEAD_LETTERS, "", letter);
        await(() -> db.fetchExists(UNBILLED_INGEST, UNBILLED_INGEST.DEAD_LETTER_ID.eq(letter.getEventId())),
                "dead letter " + letter.getEventId());

        // When the month is reconciled
        Response response = admin("GET", "/v1/admin/reconciliation?month=2027-06", null);

        // Then the usage is a difference: ingested, not billed, because its customer is unresolved
        assertThat(response.status()).isEqualTo(200);
        JsonNode report = response.body();
        assertThat(report.get("balanced").asBoolean()).isFalse();
        assertThat(report.get("difference_count").asLong()).isGreaterThanOrEqualTo(1);
        List<JsonNode> ours = report.get("differences").valueStream()
                .filter(difference -> difference.get("event_id").asString().equals(letter.getEventId())).toList();
        assertThat(ours).singleElement().satisfies(difference -> {
            assertThat(difference.get("problem").asString()).isEqualTo("ingested_not_billed");
            assertThat(difference.get("reason").asString()).isEqualTo("customer_unresolved");
            assertThat(difference.get("detail").asString()).contains(room, "livekit_egress_minutes");
            assertThat(difference.get("customer_id").isNull()).isTrue();
        });
        assertThat(admin("GET", "/v1/admin/reconciliation?month=2027-07", null).body().get("differences").valueStream()
                .filter(difference -> difference.get("event_id").asString().equals(letter.getEventId())))
                .as("reconciled in the month it was dead-lettered only").isEmpty();
    }
}
