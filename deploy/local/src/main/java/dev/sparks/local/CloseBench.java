package dev.sparks.local;

import dev.sparks.embedded.EmbeddedPostgresServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./sparks bench close [customers] [rows]}: how long closing a month takes, by default for
 * 10,000 customers with 100 rated events each.
 *
 * <p>Only what closing needs runs: the broker, PostgreSQL and invoicing-service (its own JVM, full
 * JIT, as {@link Stack} starts every service), so the close does not share the two cores with
 * payment and notification working through the invoice events it publishes. The scheduled close is
 * turned off ({@code SPARKS_INVOICING_CLOSE_INTERVAL=0}), so only the timed request closes periods.
 *
 * <p>A month of usage through Kafka would take far too long to seed, so invoicing's database is
 * seeded directly, set-based: last calendar month's usage in {@code rated_usage} (ten metrics across
 * the five categories), one open period per customer in {@code billing_account}, a starter plan
 * ($29, 200,000 Sparks included, overage billed) for every third customer in
 * {@code subscription_snapshot}, and rating's initial card (5% off above 10,000 Sparks) in
 * {@code rate_card}. Then {@code POST /v1/admin/periods/{month}/close} is timed and the result
 * checked in the database. {@link CloseProfile} reports the CPU each process used; with
 * {@code SPARKS_BENCH_CLOSE_PROFILE=on} also what invoicing's connections were doing (the sampling
 * costs CPU of its own: on two cores it made the close about 13% slower).
 */
final class CloseBench {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String INVOICING = "invoicing-service";

    /**
     * Metric, category, unit, Sparks per unit, lowest and highest quantity of one event and the
     * quantity's decimals, after rating's initial card (LiveKit is passed through at cost, so its
     * Sparks have many decimals).
     */
    private static final String METRICS = """
            (values (0, 'ai_tokens', 'ai_tokens', 'token', 0.1, 200, 20000, 0),
                    (1, 'compute_minutes', 'compute', 'minute', 50, 0.5, 30, 3),
                    (2, 'storage_gb_months', 'storage', 'gb_month', 500, 0.001, 2, 6),
                    (3, 'messages', 'app', 'message', 1, 1, 500, 0),
                    (4, 'api_calls', 'app', 'call', 0.1, 10, 5000, 0),
                    (5, 'emails_processed', 'app', 'email', 2, 1, 200, 0),
                    (6, 'ai_responses', 'app', 'response', 10, 1, 100, 0),
                    (7, 'livekit_participant_minutes', 'livekit', 'minute', 0.4137, 1, 600, 3),
                    (8, 'livekit_egress_minutes', 'livekit', 'minute', 1.5283, 1, 120, 3),
                    (9, 'livekit_bandwidth_gb', 'livekit', 'gb', 118.7461, 0.01, 5, 6))
                as m (i, metric, category, unit, rate, low, high, decimals)""";

    private CloseBench() {}

    static void run(Path root, int customers, int rows) throws Exception {
        Path state = Files.createTempDirectory("sparks-bench-close-");
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.put("SPARKS_INVOICING_CLOSE_INTERVAL", "0");
        String concurrency = environment.getOrDefault("SPARKS_INVOICING_CLOSE_CONCURRENCY", "4 (default)");
        Stack.Options options = new Stack.Options(root, state, false, 0, 0, 0, SparksLocal.randomKey(), false);
        ServiceSpec invoicing = ServiceSpec.named(INVOICING);
        try (Stack stack = new Stack(options, environment).start(List.of(invoicing))) {
            YearMonth month = YearMonth.now(Clock.systemUTC()).minusMonths(1);
            String user = environment.getOrDefault("SPRING_DATASOURCE_USERNAME", EmbeddedPostgresServer.USER);
            String password = environment.get("SPRING_DATASOURCE_PASSWORD");
            try (Connection db = DriverManager.getConnection(stack.jdbcUrl(invoicing.database()), user, password)) {
                Console.say("");
                Console.say(String.format("Close: %,d customers × %,d rated events = %,d events in %s; "
                        + "sparks.invoicing.close-concurrency %s", customers, rows, (long) customers * rows, month, concurrency));
                Console.say("  PostgreSQL: " + settings(db));
                long seedStarted = System.nanoTime();
                seed(db, month, customers, rows);
                Console.say(String.format("  seeded invoicing's database directly (set-based SQL, then vacuum analyze) in %.1fs",
                        seconds(seedStarted)));

                HeapSampler heap = new HeapSampler(invoicing.url() + "/actuator/prometheus", stack.apiKey());
                Thread sampler = Thread.ofPlatform().daemon().name("close-bench-heap").start(heap);
                long sizeBefore = count(db, "select pg_total_relation_size('rated_usage')");
                CloseProfile profile = CloseProfile.start(db, stack.jdbcUrl(invoicing.database()), user, password,
                        "on".equals(environment.get("SPARKS_BENCH_CLOSE_PROFILE")));
                long closeStarted = System.nanoTime();
                HttpResponse<String> response = close(invoicing, month, stack.apiKey());
                double closeSeconds = seconds(closeStarted);
                heap.stop();
                profile.stop();
                sampler.join();
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("Close answered " + response.statusCode() + ": " + response.body());
                }
                JsonNode run = JSON.readTree(response.body());
                int finalized = run.get("finalized_invoices").size();
                Console.say(String.format("  POST /v1/admin/periods/%s/close answered after %.1fs: %,d invoices finalized, "
                        + "%d closed without invoice, %d failed", month, closeSeconds, finalized,
                        run.get("closed_without_invoice").asInt(), run.get("failed_customers").size()));
                Console.say(String.format("  = %,.0f customers/s, %,.0f rated events/s",
                        customers / closeSeconds, (long) customers * rows / closeSeconds));
                heap.report();
                profile.report(closeSeconds);
                double published = awaitOutbox(db, closeStarted);
                if (published >= 0) {
                    Console.say(String.format("  every invoice event was on Kafka (outbox drained) %.1fs after the close started",
                            published));
                }
                awaitStatistics(db, (long) customers * rows);
                Console.say(String.format("  rated_usage with its indexes: %,.0f MiB before the close, %,.0f MiB after; "
                        + "%,d rows updated, %,d of them HOT (no new index entries)", sizeBefore / 1048576.0,
                        count(db, "select pg_total_relation_size('rated_usage')") / 1048576.0,
                        count(db, "select n_tup_upd from pg_stat_user_tables where relname = 'rated_usage'"),
                        count(db, "select n_tup_hot_upd from pg_stat_user_tables where relname = 'rated_usage'")));
                verify(db, month, customers, rows, finalized);
            }
        }
    }

    private static String settings(Connection db) throws SQLException {
        StringBuilder shown = new StringBuilder();
        try (Statement statement = db.createStatement()) {
            for (String setting : List.of("server_version", "fsync", "synchronous_commit", "shared_buffers", "max_connections")) {
                try (ResultSet row = statement.executeQuery("show " + setting)) {
                    row.next();
                    shown.append(shown.isEmpty() ? "" : ", ").append(setting).append(' ').append(row.getString(1));
                }
            }
        }
        return shown.toString();
    }

    private static void seed(Connection db, YearMonth month, int customers, int rows) throws SQLException {
        OffsetDateTime start = start(month);
        OffsetDateTime end = start(month.plusMonths(1));
        String customerId = "'close-' || lpad(c::text, greatest(6, length(c::text)), '0')";
        db.setAutoCommit(false);
        try (Statement statement = db.createStatement()) {
            statement.execute("select setseed(0.42)");
            // What rating publishes at startup from its initial card (rating does not run here).
            statement.execute("""
                    insert into rate_card (version, effective_from, published_at, usd_per_spark, discount_threshold,
                                           discount_percent, discount_scope)
                    values ('v1', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z', 0.001, 10000, 5, 'above_threshold')
                    on conflict do nothing""");
        }
        try (PreparedStatement accounts = db.prepareStatement("""
                insert into billing_account (customer_id, display_name, email, period_start, period_end)
                select %1$s, 'Close bench customer ' || c, 'close-' || c || '@bench.sparks.local', ?, ?
                from generate_series(1, ?) c""".formatted(customerId))) {
            accounts.setObject(1, start);
            accounts.setObject(2, end);
            accounts.setInt(3, customers);
            accounts.executeUpdate();
        }
        // Every third customer is on the starter plan since before the month began: a whole month's fee.
        try (PreparedStatement plans = db.prepareStatement("""
                insert into subscription_snapshot (event_id, customer_id, effective_at, plan, state, billing_interval,
                        monthly_price_minor, annual_discount_percent, currency, included_sparks, overage_billed, transition)
                select md5('subscription-' || c)::uuid::text, %1$s, ?::timestamptz - (c %% 200 + 1) * interval '1 hour',
                       'starter', 'active', 'monthly', 2900, 0, 'USD', 200000, true, 'subscribe'
                from generate_series(3, ?, 3) c""".formatted(customerId))) {
            plans.setObject(1, start);
            plans.setInt(2, customers);
            plans.executeUpdate();
        }
        // Customers differ in size (a factor of 1/8 to 16, so some starter customers exceed their
        // allowance); each event's metric, quantity and time are spread over the month.
        try (PreparedStatement usage = db.prepareStatement("""
                insert into rated_usage (event_id, raw_event_id, kind, customer_id, occurred_at, category, metric, unit,
                                         quantity, sparks, usd)
                select md5('rated-' || c || '-' || r)::uuid::text, md5('raw-' || c || '-' || r)::uuid::text, 'original',
                       %1$s, occurred_at, category, metric, unit, quantity, round(quantity * rate, 6),
                       round(quantity * rate, 6) * 0.001
                from (select c, r, m.category, m.metric, m.unit, m.rate,
                             round(((m.low + random() * (m.high - m.low)) * power(2, c %% 8) / 8)::numeric, m.decimals)
                                 as quantity,
                             ?::timestamptz + (?::timestamptz - ?::timestamptz) * ((r - 1 + random()) / ?) as occurred_at
                      from generate_series(1, ?) c
                      cross join generate_series(1, ?) r
                      join %2$s on m.i = (c * 7 + r) %% 10) e""".formatted(customerId, METRICS))) {
            usage.setObject(1, start);
            usage.setObject(2, end);
            usage.setObject(3, start);
            usage.setInt(4, rows);
            usage.setInt(5, customers);
            usage.setInt(6, rows);
            usage.executeUpdate();
        }
        db.commit();
        db.setAutoCommit(true);
        // At a month's end autovacuum has long seen the month's rows; start from that state.
        try (Statement statement = db.createStatement()) {
            for (String table : List.of("rated_usage", "billing_account", "subscription_snapshot", "rate_card")) {
                statement.execute("vacuum analyze " + table);
            }
        }
    }

    private static HttpResponse<String> close(ServiceSpec invoicing, YearMonth month, String apiKey) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(invoicing.url() + "/v1/admin/periods/" + month + "/close"))
                .timeout(Duration.ofHours(2))
                .header("Authorization", "Bearer " + apiKey)
                .header("Accept", "application/json, application/problem+json")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Seconds from {@code since} until the outbox has no unpublished row; -1 if that takes over 10 minutes. */
    private static double awaitOutbox(Connection db, long since) throws SQLException {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (count(db, "select count(*) from outbox_event where published_at is null") == 0) {
                return seconds(since);
            }
            Stack.sleep(Duration.ofMillis(100));
        }
        return -1;
    }

    /** Backends report table statistics when a transaction ends or after 10 s idle: wait for the claims to show. */
    private static void awaitStatistics(Connection db, long updates) throws SQLException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline
                && count(db, "select n_tup_upd from pg_stat_user_tables where relname = 'rated_usage'") < updates) {
            Stack.sleep(Duration.ofMillis(500));
        }
    }

    private static void verify(Connection db, YearMonth month, int customers, int rows, int finalized) throws SQLException {
        OffsetDateTime start = start(month);
        long invoices;
        try (PreparedStatement statement = db.prepareStatement("select count(*) from invoice where period_start = ?")) {
            statement.setObject(1, start);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                invoices = row.getLong(1);
            }
        }
        long unbilled = count(db, "select count(*) from rated_usage where invoice_id is null");
        long claimed = count(db, "select count(*) from rated_usage where invoice_id is not null");
        long numbered = count(db, "select count(*) from invoice where invoice_number like 'SPK-%'");
        long highest = count(db, "select coalesce(max(substring(invoice_number from 5)::bigint), 0) from invoice "
                + "where invoice_number like 'SPK-%'");
        long distinct = count(db, "select count(distinct invoice_number) from invoice where invoice_number like 'SPK-%'");
        long closed = count(db, "select count(*) from closed_period");
        long open;
        try (PreparedStatement statement = db.prepareStatement("select count(*) from billing_account where period_start < ?")) {
            statement.setObject(1, start(month.plusMonths(1)));
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                open = row.getLong(1);
            }
        }
        long withFee = count(db, "select count(distinct invoice_id) from invoice_line where section = 'Subscription'");
        long withAllowance = count(db, "select count(distinct invoice_id) from invoice_line where section = 'Allowance'");
        long withDiscount = count(db, "select count(distinct invoice_id) from invoice_line where section = 'Discounts'");
        long lines = count(db, "select count(*) from invoice_line");
        long totalMinor = count(db, "select coalesce(sum(total_minor), 0) from invoice");

        Console.say(String.format("  invoices: %,d with %,d lines, $%,.2f in all; %,d with a plan fee, %,d with an allowance, "
                + "%,d with a volume discount", invoices, lines, totalMinor / 100.0, withFee, withAllowance, withDiscount));
        boolean ok = check("invoices finalized = customers", finalized == customers && invoices == customers,
                finalized + " in the answer, " + invoices + " in the database, " + customers + " customers");
        ok &= check("every seeded event names its invoice", unbilled == 0 && claimed == (long) customers * rows,
                unbilled + " without invoice, " + claimed + " with one");
        ok &= check("invoice numbers gapless", highest == numbered && distinct == numbered,
                "highest SPK-" + highest + ", " + numbered + " numbers, " + distinct + " distinct");
        ok &= check("every period closed and the next one open", closed == customers && open == 0,
                closed + " closed periods, " + open + " accounts still in " + month);
        if (!ok) {
            throw new IllegalStateException("The close did not do what it should; see above");
        }
    }

    private static boolean check(String what, boolean ok, String detail) {
        Console.say("  " + (ok ? "ok      " : "FAILED  ") + what + " (" + detail + ")");
        return ok;
    }

    private static long count(Connection db, String sql) throws SQLException {
        try (Statement statement = db.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    private static OffsetDateTime start(YearMonth month) {
        return month.atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    /**
     * Samples invoicing's heap (the sum of {@code jvm_memory_used_bytes{area="heap"}}) and GC pauses
     * from its Prometheus endpoint once a second while the close runs.
     */
    private static final class HeapSampler implements Runnable {

        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        private final String url;
        private final String apiKey;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong peak = new AtomicLong(-1);
        private volatile long last = -1;
        private volatile double[] gcBefore;
        private volatile double[] gcAfter;
        private volatile int samples;

        HeapSampler(String url, String apiKey) {
            this.url = url;
            this.apiKey = apiKey;
        }

        @Override
        public void run() {
            while (true) {
                boolean more = running.get();
                sample();
                if (!more) {
                    return;
                }
                for (int i = 0; i < 10 && running.get(); i++) {
                    Stack.sleep(Duration.ofMillis(100));
                }
            }
        }

        void stop() {
            running.set(false);
        }

        private void sample() {
            try {
                HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + apiKey).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (metrics.statusCode() != 200) {
                    return;
                }
                long heap = 0;
                double gcSeconds = 0;
                double gcCount = 0;
                for (String line : metrics.body().split("\n")) {
                    if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                        heap += (long) value(line);
                    } else if (line.startsWith("jvm_gc_pause_seconds_sum{")) {
                        gcSeconds += value(line);
                    } else if (line.startsWith("jvm_gc_pause_seconds_count{")) {
                        gcCount += value(line);
                    }
                }
                if (heap > 0) {
                    last = heap;
                    peak.accumulateAndGet(heap, Math::max);
                    samples++;
                }
                double[] gc = {gcCount, gcSeconds};
                if (gcBefore == null) {
                    gcBefore = gc;
                }
                gcAfter = gc;
            } catch (Exception notNow) {
                // one sample fewer
            }
        }

        private static double value(String line) {
            return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }

        void report() {
            if (samples == 0) {
                Console.say("  invoicing heap: not measurable (no Prometheus samples)");
                return;
            }
            String gc = gcBefore == null ? "" : String.format("; GC pauses during the close: %.0f, %.2fs in all",
                    gcAfter[0] - gcBefore[0], gcAfter[1] - gcBefore[1]);
            Console.say(String.format("  invoicing heap used (-Xmx384m, SerialGC), sampled every second: peak %,.0f MiB, "
                    + "%,.0f MiB after the close%s", peak.get() / 1048576.0, last / 1048576.0, gc));
        }
    }
}
