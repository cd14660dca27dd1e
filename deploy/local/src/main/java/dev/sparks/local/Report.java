package dev.sparks.local;

import java.math.BigDecimal;
import tools.jackson.databind.JsonNode;

/** Prints reports, invoices and emails as a person reads them. */
final class Report {

    private Report() {}

    static void usage(SampleMonth.Customer customer, JsonNode report, JsonNode currentUsage) {
        Console.say("");
        Console.say("Usage report " + report.get("month").asString() + " for " + customer.name() + " (" + customer.id() + ")");
        Console.say(String.format("  %-10s %-18s %16s %-9s %16s %10s", "category", "metric", "quantity", "unit", "Sparks", "USD"));
        for (JsonNode category : report.get("categories")) {
            for (JsonNode line : category.get("metrics")) {
                Console.say(String.format("  %-10s %-18s %16s %-9s %16s %10s", category.get("category").asString(),
                        line.get("metric").asString(), number(line.get("quantity")), line.get("unit").asString(),
                        number(line.get("sparks")), "$" + money(line.get("usd"))));
            }
        }
        Console.say(String.format("  %-10s %-18s %16s %-9s %16s %10s", "total", "", "", "", number(report.get("total_sparks")),
                "$" + money(report.get("usage_usd"))));
        Console.say("  to pay for the month, priced as its " + report.get("bill").get("basis").asString() + ": $"
                + money(report.get("total_usd")));
        Console.say("  this month so far (" + currentUsage.get("month").asString() + ", " + currentUsage.get("plan").asString()
                + " plan): " + number(currentUsage.get("used_sparks")) + " of " + number(currentUsage.get("included_sparks"))
                + " included Sparks used, " + number(currentUsage.get("remaining_sparks")) + " remaining");
    }

    static void invoice(SampleMonth.Customer customer, JsonNode invoices, JsonNode payments, JsonNode notifications) {
        for (JsonNode detail : invoices) {
            JsonNode invoice = detail.get("invoice");
            Console.say("");
            Console.say("Invoice " + invoice.get("invoice_number").asString() + " for " + customer.name() + ", "
                    + invoice.get("period").asString() + " (" + invoice.get("status").asString() + ")");
            for (JsonNode line : detail.get("lines")) {
                Console.say(String.format("  %-12s %-62s %12s", line.get("section").asString(),
                        line.get("description").asString(), dollars(line.get("amount_minor").asLong())));
            }
            Console.say(String.format("  %-12s %-62s %12s", "total", number(detail.get("usage_sparks")) + " Sparks of usage",
                    "$" + cents(invoice.get("total_minor").asLong())));
        }
        for (JsonNode payment : payments) {
            Console.say("  payment " + payment.get("status").asString() + ": $" + cents(payment.get("amount_minor").asLong())
                    + " " + payment.get("currency").asString());
        }
        for (JsonNode mail : notifications) {
            Console.say("  email to " + mail.get("recipient").asString() + ": \"" + mail.get("subject").asString() + "\"");
            for (String line : mail.get("body").asString().split("\n")) {
                Console.say("  | " + line);
            }
        }
    }

    static void reconciliation(JsonNode report) {
        long ingested = 0;
        long rated = 0;
        long invoiced = 0;
        for (JsonNode row : report.get("rows")) {
            ingested += row.get("ingested").get("events").asLong();
            rated += row.get("rated").get("events").asLong();
            invoiced += row.get("invoiced").get("events").asLong();
        }
        Console.say("");
        Console.say("Reconciliation " + report.get("month").asString() + ": " + ingested + " events ingested, " + rated
                + " rated, " + invoiced + " invoiced; " + report.get("differences").size() + " difference(s)"
                + (report.get("balanced").asBoolean() ? " (balanced)" : ""));
    }

    private static String number(JsonNode value) {
        return String.format("%,f", value.decimalValue()).replaceAll("\\.?0+$", "");
    }

    private static String money(JsonNode value) {
        return value.decimalValue().setScale(2).toPlainString();
    }

    /** Signed dollars as people write them: -$6.28. */
    private static String dollars(long minor) {
        return (minor < 0 ? "-$" : "$") + cents(Math.abs(minor));
    }

    private static String cents(long minor) {
        return BigDecimal.valueOf(minor, 2).toPlainString();
    }
}
