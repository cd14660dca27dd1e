package dev.sparks.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Calls the services' HTTP APIs the way a client of Sparks would, with its API key. */
public final class SparksClient {

    public record Response(int status, JsonNode body) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String apiKey;
    private volatile String appKey;

    public SparksClient(String apiKey) {
        this.apiKey = apiKey;
    }

    /** Posts usage as a publishing app does: with an app key, created through the admin API on first use. */
    public Response postEvents(String json) {
        return send("POST", ServiceSpec.named("usage-ingest-service").url() + "/v1/events", json, appKey());
    }

    public synchronized String appKey() {
        if (appKey == null) {
            Response created = send("POST", ServiceSpec.named("usage-ingest-service").url() + "/v1/admin/app-keys",
                    JSON.createObjectNode().put("app_name", "sparks-local").toString());
            if (created.status() != 201) {
                throw new IllegalStateException("Could not create an app key: " + created.status() + " " + created.body());
            }
            appKey = created.body().get("api_key").asString();
        }
        return appKey;
    }

    public Response putCustomer(String customerId, String email, String displayName) {
        String body = JSON.createObjectNode().put("email", email).put("display_name", displayName).toString();
        return send("PUT", ServiceSpec.named("subscription-service").url() + "/v1/customers/" + customerId, body);
    }

    public Response currentUsage(String customerId) {
        return get(ServiceSpec.named("subscription-service").url() + "/v1/customers/" + customerId + "/usage/current");
    }

    public Response usageReport(String customerId, String month) {
        return get(ServiceSpec.named("invoicing-service").url() + "/v1/usage/report?customer_id=" + customerId + "&month=" + month);
    }

    public Response closePeriod(String month) {
        return send("POST", ServiceSpec.named("invoicing-service").url() + "/v1/admin/periods/" + month + "/close", null);
    }

    public Response invoices(String customerId) {
        return get(ServiceSpec.named("invoicing-service").url() + "/v1/invoices?customer_id=" + customerId);
    }

    /** Each of the customer's invoices with its lines (the history lists summaries only). */
    public JsonNode invoiceDetails(String customerId) {
        tools.jackson.databind.node.ArrayNode details = tools.jackson.databind.json.JsonMapper.builder().build().createArrayNode();
        for (JsonNode summary : invoices(customerId).body()) {
            details.add(get(ServiceSpec.named("invoicing-service").url() + "/v1/invoices/"
                    + summary.get("invoice_id").asString()).body());
        }
        return details;
    }

    public Response payments(String customerId) {
        return get(ServiceSpec.named("payment-gateway-service").url() + "/v1/payments?customer_id=" + customerId);
    }

    public Response notifications(String customerId) {
        return get(ServiceSpec.named("notification-service").url() + "/v1/notifications?customer_id=" + customerId);
    }

    public Response post(String url, String json) {
        return send("POST", url, json);
    }

    public Response put(String url, String json) {
        return send("PUT", url, json);
    }

    public Response get(String url) {
        return send("GET", url, null);
    }

    private Response send(String method, String url, String json) {
        return send(method, url, json, apiKey);
    }

    private Response send(String method, String url, String json, String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + bearer)
                .header("Accept", "application/json, application/problem+json");
        if (json != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
            return new Response(response.statusCode(), body);
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + url + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
