package dev.sparks.local;

import dev.sparks.schemas.deadletter.DeadLetter;
import dev.sparks.schemas.topic.Topic;
import dev.sparks.schemas.topic.Topics;
import dev.sparks.schemas.usage.RatedUsageEvent;
import dev.sparks.schemas.usage.RatedUsageKind;
import dev.sparks.schemas.usage.RawUsageEvent;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Judges a chaos run: follows every distinct event the run sent through each stage, with the
 * platform's own reconciliation as one of the judges, and compares what was invoiced with the
 * ground truth the run computed itself. Prints one row per stage; {@link #passed()} only if
 * nothing was lost and nothing was counted twice anywhere.
 */
final class ChaosAudit {

    /** One stage's account: records seen, distinct events, and the two numbers that must be 0. */
    record Row(String stage, long records, long distinct, long lost, long countedTwice) {}

    private final List<Row> rows = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final Map<String, Long> deadLetters = new TreeMap<>();

    static ChaosAudit of(Stack stack, SparksClient client, ChaosLedger ledger, YearMonth month) {
        ChaosAudit audit = new ChaosAudit();
        audit.judge(stack, client, ledger, month);
        return audit;
    }

    private void judge(Stack stack, SparksClient client, ChaosLedger ledger, YearMonth month) {
        Set<String> sent = ledger.all().stream().map(planned -> planned.event().eventId()).collect(Collectors.toSet());
        long distinct = sent.size();
        rows.add(new Row("sent (each event 1-4 times)", ledger.eventsSent(), distinct, 0, 0));

        List<RawUsageEvent> raw = TopicScan.all(stack.bootstrapServers(), Topics.USAGE_RAW);
        Set<String> ingested = raw.stream().map(RawUsageEvent::getEventId).collect(Collectors.toSet());
        rows.add(new Row("ingested (usage.raw.v1)", raw.size(), ingested.size(), missing(sent, ingested, "ingested"), 0));

        List<RatedUsageEvent> rated = TopicScan.all(stack.bootstrapServers(), Topics.USAGE_RATED).stream()
                .filter(event -> event.getKind() == RatedUsageKind.ORIGINAL).toList();
        Map<String, Set<String>> ratingsPerRaw = rated.stream().collect(Collectors.groupingBy(
                RatedUsageEvent::getRawEventId, Collectors.mapping(RatedUsageEvent::getEventId, Collectors.toSet())));
        long ratedTwice = ratingsPerRaw.values().stream().filter(ids -> ids.size() > 1).count();
        rows.add(new Row("rated (usage.rated.v1)", rated.size(), ratingsPerRaw.size(),
                missing(sent, ratingsPerRaw.keySet(), "rated"), ratedTwice));

        long counted = 0;
        for (YearMonth each : List.of(month, month.plusMonths(1))) {
            counted += client.get(ServiceSpec.named("subscription-service").url() + "/v1/admin/usage/accounted?month=" + each)
                    .body().get("events").asLong();
        }
        rows.add(new Row("counted in subscription", counted, counted, Math.max(0, distinct - counted),
                Math.max(0, counted - distinct)));

        long invoiced = 0;
        for (YearMonth each : List.of(month, month.plusMonths(1))) {
            JsonNode reconciliation = client.get(ServiceSpec.named("invoicing-service").url()
                    + "/v1/admin/reconciliation?month=" + each).body();
            for (JsonNode row : reconciliation.get("rows")) {
                invoiced += row.get("invoiced").get("events").asLong();
            }
            if (!reconciliation.get("balanced").asBoolean()) {
                problems.add("reconciliation " + each + " is not balanced: " + reconciliation.get("differences"));
            }
        }
        rows.add(new Row("on invoices (reconciliation)", invoiced, invoiced, Math.max(0, distinct - invoiced),
                Math.max(0, invoiced - distinct)));

        compareSparks(client, ledger);
        countInvoiceMail(client, stack.mail(), ledger);
        countDeadLetters(stack);
    }

    private long missing(Set<String> sent, Set<String> seen, String where) {
        Set<String> lost = new HashSet<>(sent);
        lost.removeAll(seen);
        lost.stream().limit(5).forEach(id -> problems.add("event " + id + " was never " + where));
        return lost.size();
    }

    /** Each customer's usage and adjustment lines, over all its invoices, against the ground truth. */
    private void compareSparks(SparksClient client, ChaosLedger ledger) {
        BigDecimal expectedTotal = BigDecimal.ZERO;
        BigDecimal invoicedTotal = BigDecimal.ZERO;
        for (Map.Entry<String, BigDecimal> customer : ledger.sparksByCustomer().entrySet()) {
            BigDecimal invoiced = BigDecimal.ZERO;
            for (JsonNode invoice : client.invoiceDetails(customer.getKey())) {
                for (JsonNode line : invoice.get("lines")) {
                    String section = line.get("section").asString();
                    if ((section.equals("Usage") || section.equals("Adjustments")) && !line.get("sparks").isNull()) {
                        invoiced = invoiced.add(line.get("sparks").decimalValue());
                    }
                }
            }
            if (invoiced.compareTo(customer.getValue()) != 0) {
                problems.add(customer.getKey() + " was invoiced " + invoiced.toPlainString() + " Sparks of usage; it sent "
                        + customer.getValue().toPlainString());
            }
            expectedTotal = expectedTotal.add(customer.getValue());
            invoicedTotal = invoicedTotal.add(invoiced);
        }
        rows.add(new Row("Sparks invoiced vs sent (" + expectedTotal.stripTrailingZeros().toPlainString() + ")",
                invoicedTotal.longValue(), expectedTotal.longValue(),
                Math.max(0, expectedTotal.subtract(invoicedTotal).longValue()),
                Math.max(0, invoicedTotal.subtract(expectedTotal).longValue())));
    }

    /** Every finalized invoice with something in it is mailed exactly once. */
    private void countInvoiceMail(SparksClient client, List<MimeMessage> mail, ChaosLedger ledger) {
        Map<String, Long> mailsPerNumber = new LinkedHashMap<>();
        for (String customer : ledger.customers()) {
            for (JsonNode invoice : client.invoices(customer).body()) {
                mailsPerNumber.put(invoice.get("invoice_number").asString(), 0L);
            }
        }
        for (MimeMessage message : mail) {
            String subject = subject(message);
            mailsPerNumber.replaceAll((number, count) -> subject.contains(number + " ") ? count + 1 : count);
        }
        long missing = mailsPerNumber.values().stream().filter(count -> count == 0).count();
        long twice = mailsPerNumber.values().stream().filter(count -> count > 1).count();
        mailsPerNumber.forEach((number, count) -> {
            if (count != 1) {
                problems.add("invoice " + number + " was mailed " + count + " times");
            }
        });
        rows.add(new Row("invoice emails", mailsPerNumber.values().stream().mapToLong(Long::longValue).sum(),
                mailsPerNumber.size(), missing, twice));
    }

    private void countDeadLetters(Stack stack) {
        for (Topic<String, ?> topic : Topics.all()) {
            if (topic.valueType() != DeadLetter.class) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Topic<String, DeadLetter> deadLetterTopic = (Topic<String, DeadLetter>) topic;
            for (DeadLetter letter : TopicScan.all(stack.bootstrapServers(), deadLetterTopic)) {
                deadLetters.merge(topic.name() + ": " + letter.getReason(), 1L, Long::sum);
            }
        }
        long total = deadLetters.values().stream().mapToLong(Long::longValue).sum();
        rows.add(new Row("dead letters", total, deadLetters.size(), total, 0));
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            return "";
        }
    }

    boolean passed() {
        return problems.isEmpty() && rows.stream().allMatch(row -> row.lost() == 0 && row.countedTwice() == 0);
    }

    void print() {
        Console.say("");
        Console.say(String.format("  %-42s %12s %12s %8s %14s", "stage", "records", "distinct", "lost", "counted twice"));
        for (Row row : rows) {
            Console.say(String.format("  %-42s %,12d %,12d %,8d %,14d", row.stage(), row.records(), row.distinct(),
                    row.lost(), row.countedTwice()));
        }
        deadLetters.forEach((reason, count) -> Console.say("    dead letter: " + count + " x " + reason));
        problems.stream().limit(20).forEach(problem -> Console.say("  DIFFERENCE: " + problem));
        Console.say(passed() ? "  0 lost, 0 counted twice: every event was billed exactly once."
                : "  FAILED: " + problems.size() + " difference(s).");
    }

    List<Row> rows() {
        return List.copyOf(rows);
    }
}
