package dev.sparks.subscription.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.subscription.ServiceTestSupport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The operators' customer list: search, filters, paging, and admins only. */
class CustomerListTest extends ServiceTestSupport {

    @Test
    void anAdminFindsCustomersByPieceOfNameAndByPlan() {
        String acme = newCustomerId("list-acme");
        String bright = newCustomerId("list-bright");
        admin("PUT", "/v1/customers/" + acme, "{\"email\":\"billing@acme.example\",\"display_name\":\"Acme 100% Inc.\"}");
        admin("PUT", "/v1/customers/" + bright, "{\"email\":\"ops@brightbot.example\"}");
        admin("POST", "/api/billing/subscribe", "{\"customer_id\":\"" + bright + "\",\"plan\":\"starter\",\"trial\":false}");

        assertThat(ids(admin("GET", "/v1/admin/customers?q=ACME", null))).contains(acme).doesNotContain(bright);
        assertThat(ids(call("GET", "/v1/admin/customers?q=100%25", adminToken(), null))).containsExactly(acme);
        assertThat(ids(admin("GET", "/v1/admin/customers?q=list-&plan=starter", null))).containsExactly(bright);
        JsonNode row = admin("GET", "/v1/admin/customers?q=" + acme, null).body().get(0);
        assertThat(row.get("email").asString()).isEqualTo("billing@acme.example");
        assertThat(row.get("plan").asString()).isEqualTo("free");
        assertThat(row.get("state").asString()).isEqualTo("active");
    }

    @Test
    void pagesFollowTheIds() {
        String first = newCustomerId("page-a");
        String second = newCustomerId("page-b");
        admin("PUT", "/v1/customers/" + first, "{\"email\":\"a@example.com\"}");
        admin("PUT", "/v1/customers/" + second, "{\"email\":\"b@example.com\"}");

        assertThat(ids(admin("GET", "/v1/admin/customers?q=page-&limit=1", null))).containsExactly(first);
        assertThat(ids(admin("GET", "/v1/admin/customers?q=page-&limit=1&after=" + first, null))).containsExactly(second);
        assertThat(admin("GET", "/v1/admin/customers?limit=0", null).status()).isEqualTo(400);
    }

    @Test
    void aCustomerCannotListCustomers() {
        String own = newCustomerId("list-own");
        admin("PUT", "/v1/customers/" + own, "{\"email\":\"own@example.com\"}");

        Response response = call("GET", "/v1/admin/customers", customerToken("auth0|" + own, own), null);

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body().toString()).doesNotContain("example.com");
    }

    private static List<String> ids(Response response) {
        assertThat(response.status()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        response.body().forEach(row -> ids.add(row.get("customer_id").asString()));
        return ids;
    }
}
