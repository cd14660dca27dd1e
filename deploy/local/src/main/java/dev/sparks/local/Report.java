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
        for (JsonNode line : report.get("categories")) {
            Console.say(String.format("  %-10s %-18s %16s %-9s %16s %10s", line.get("category").asString(),
                    line.get("metric").asString(), number(line.get("quantity")), line.get("unit").asString(),
                    number(line.get("sparks")), "$" + money(line.get("usd"))));
        }
        Console.say(String.format("  %-10s %-18s %16s %-9s %16s %10s", "total", "", "", "", number(report.get("total_sparks")),
                "$" + money(report.get("total_usd"))));
        Console.say("  this month so far (" + currentUsage.get("month").asString() + ", " + currentUsage.get("plan").asString()
                + " plan): " + number(currentUsage.get("used_sparks")) + " of " + number(currentUsage.get("included_sparks"))
                + " included Sparks used, " + number(currentUsage.get("remaining_sparks")) + " remaining");
    }

    static void invoice(SampleMonth.Customer customer, JsonNode invoices, JsonNode payments, JsonNode notifications) {
        for (JsonNode invoice : invoices) {
            Console.say("");
            Console.say("Invoice " + invoice.get("invoice_number").asString() + " for " + customer.name() + ", "
                    + invoice.get("period").asString() + " (" + invoice.get("status").asString() + "): "
                    + number(invoice.get("total_sparks")) + " Sparks = $" + cents(invoice.get("total_minor").asLong()));
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

    private static String number(JsonNode value) {
        return String.format("%,f", value.decimalValue()).replaceAll("\\.?0+$", "");
    }

    private static String money(JsonNode value) {
        return value.decimalValue().setScale(2).toPlainString();
    }

    private static String cents(long minor) {
        return BigDecimal.valueOf(minor, 2).toPlainString();
    }
}
