package dev.sparks.notification.deadletter;

import static dev.sparks.notification.Notices.mailOf;
import static dev.sparks.notification.Notices.trialReminder;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.notification.NotificationTestSupport;
import dev.sparks.notification.mail.MailStatus;
import dev.sparks.platform.messaging.PipelineMeters;
import dev.sparks.platform.testing.EmbeddedInfrastructure;
import dev.sparks.schemas.deadletter.DeadLetter;
import dev.sparks.schemas.subscription.SubscriptionNotice;
import dev.sparks.schemas.topic.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** POST /v1/admin/dead-letters/redrive sends refused mails again, for an operator only, each once. */
class NotificationRedriveTest extends NotificationTestSupport {

    @Autowired MeterRegistry meters;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> redrive(String query, String apiKey) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/v1/admin/dead-letters/redrive" + query))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aRefusedMailIsSentOnceItIsReDrivenAndOnlyThen() throws Exception {
        String ada = customerWithEmail("redrive-a", "Ada");
        String lin = customerWithEmail("redrive-b", "Lin");
        FAULTS.refuse("trial ends in 9 days", "550 5.7.1 Rejected by policy");
        SubscriptionNotice adas = trialReminder(ada, 9);
        SubscriptionNotice lins = trialReminder(lin, 9);
        send(Topics.SUBSCRIPTION_NOTICES, ada, adas);
        send(Topics.SUBSCRIPTION_NOTICES, lin, lins);
        awaitQueued(mailOf(adas), mail -> mail.getStatus().equals(MailStatus.FAILED.column()));
        awaitQueued(mailOf(lins), mail -> mail.getStatus().equals(MailStatus.FAILED.column()));
        FAULTS.accept("trial ends in 9 days");

        assertThat(redrive("?customer_id=" + ada, null).statusCode()).isEqualTo(401);
        HttpResponse<String> redriven = redrive("?customer_id=" + ada, EmbeddedInfrastructure.API_KEY);

        assertThat(redriven.statusCode()).isEqualTo(200);
        assertThat(redriven.body()).contains("\"redriven\":1").contains(mailOf(adas));
        awaitMails(ada, 1);
        assertThat(body(mailTo(ada).getFirst())).startsWith("Hello Ada,");
        assertThat(redrive("?customer_id=" + ada, EmbeddedInfrastructure.API_KEY).body()).contains("\"redriven\":0");
        assertThat(mailTo(lin)).isEmpty();
        assertThat(awaitQueued(mailOf(lins), mail -> true).getStatus()).isEqualTo(MailStatus.FAILED.column());

        assertThat(redrive("?reference=" + mailOf(lins), EmbeddedInfrastructure.API_KEY).body()).contains("\"redriven\":1");
        awaitMails(lin, 1);
        awaitMails(ada, 1);
    }

    /** Before mails waited for an address, a notice for a customer without one was dead-lettered by the stage. */
    @Test
    void aNoticeDeadLetteredForWantOfAnAddressIsRePublishedOnceAndMailed() throws Exception {
        String customer = customerWithEmail("legacy", "Ada");
        SubscriptionNotice notice = trialReminder(customer, 12);
        send(Topics.NOTIFICATION_DEAD_LETTERS, customer, DeadLetter.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(NOW)
                .setCustomerId(customer)
                .setProducer("notification-service/notification-subscription-notices")
                .setSourceTopic(Topics.SUBSCRIPTION_NOTICES.name())
                .setSourcePartition(0)
                .setSourceOffset(0)
                .setOriginalEventId(notice.getEventId())
                .setReason("No email address on file for customer " + customer + "; re-drive once it is set")
                .setOriginalKey(ByteBuffer.wrap(customer.getBytes(StandardCharsets.UTF_8)))
                .setOriginalValue(ByteBuffer.wrap(bytesOf(Topics.SUBSCRIPTION_NOTICES, notice)))
                .build());

        double redrivenBefore = redrivenLetters();
        HttpResponse<String> redriven = redrive("?customer_id=" + customer, EmbeddedInfrastructure.API_KEY);

        assertThat(redriven.body()).contains("\"letters_republished\":1").contains("\"letters_already_redriven\":0");
        assertThat(redrivenLetters()).as("sparks_dead_letters_redriven_total").isEqualTo(redrivenBefore + 1);
        awaitMails(customer, 1);
        assertThat(subjects(customer)).containsExactly("Your Starter trial ends in 12 days");
        assertThat(redrive("?customer_id=" + customer, EmbeddedInfrastructure.API_KEY).body())
                .contains("\"letters_republished\":0").contains("\"letters_already_redriven\":1");
        awaitQueued(mailOf(notice), mail -> mail.getStatus().equals(MailStatus.SENT.column()));
        assertThat(mailTo(customer)).hasSize(1);
        assertThat(redrivenLetters()).as("a letter already re-driven is not counted again").isEqualTo(redrivenBefore + 1);
    }

    private double redrivenLetters() {
        Counter counter = meters.find(PipelineMeters.REDRIVEN).tag("topic", Topics.NOTIFICATION_DEAD_LETTERS.name()).counter();
        return counter == null ? 0 : counter.count();
    }
}
