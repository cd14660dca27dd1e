package dev.sparks.subscription.customer;

import static dev.sparks.subscription.persistence.jooq.Tables.CUSTOMER;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The customers an operator looks for: by plan, state, and a piece of the id, email or name. */
@Service
public class CustomerDirectory {

    public record Entry(String customerId, String displayName, String email, String plan, String state,
            String billingInterval, OffsetDateTime trialEndsAt, OffsetDateTime createdAt) {}

    /** Every filter is optional; {@code limit} customers at most, ordered by id, after {@code after} (paging). */
    public record Query(String search, String plan, String state, String after, int limit) {}

    private final DSLContext db;

    CustomerDirectory(DSLContext db) {
        this.db = db;
    }

    @Transactional(readOnly = true)
    public List<Entry> find(Query query) {
        List<Condition> where = new ArrayList<>();
        if (query.search() != null && !query.search().isBlank()) {
            String like = "%" + escape(query.search().trim()) + "%";
            where.add(CUSTOMER.CUSTOMER_ID.likeIgnoreCase(like, '\\').or(CUSTOMER.EMAIL.likeIgnoreCase(like, '\\'))
                    .or(CUSTOMER.DISPLAY_NAME.likeIgnoreCase(like, '\\')));
        }
        if (query.plan() != null && !query.plan().isBlank()) {
            where.add(CUSTOMER.PLAN.eq(query.plan()));
        }
        if (query.state() != null && !query.state().isBlank()) {
            where.add(CUSTOMER.STATUS.eq(query.state()));
        }
        if (query.after() != null && !query.after().isBlank()) {
            where.add(CUSTOMER.CUSTOMER_ID.gt(query.after()));
        }
        return db.selectFrom(CUSTOMER).where(where.isEmpty() ? DSL.noCondition() : DSL.and(where))
                .orderBy(CUSTOMER.CUSTOMER_ID).limit(query.limit())
                .fetch(row -> new Entry(row.getCustomerId(), row.getDisplayName(), row.getEmail(), row.getPlan(),
                        row.getStatus(), row.getBillingInterval(), row.getTrialEndsAt(), row.getCreatedAt()));
    }

    /** The search is a piece of text, not a pattern: its {@code %} and {@code _} match themselves. */
    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
