package dev.sparks.local;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a close's time goes, without touching invoicing: the CPU each process used (this process
 * with the broker, the service's JVM, PostgreSQL's processes, from {@code /proc} through
 * {@link ProcessHandle}), and what the service's database connections were doing, sampled from
 * {@code pg_stat_activity} every 50 ms (running a statement, waiting for a lock, or idle in a
 * transaction while the service works between statements).
 */
final class CloseProfile {

    private static final Pattern VERB = Pattern.compile("^(select|insert into|update|delete from|with)\\s");
    private static final Pattern FROM = Pattern.compile("\\sfrom\\s+([a-z_][a-z0-9_.]*)");

    private final ProcessHandle postgres;
    private final Map<Long, Duration> cpuBefore;
    private final Map<String, Integer> activity = new HashMap<>();
    private final AtomicBoolean sampling = new AtomicBoolean(true);
    private final Thread sampler;
    private volatile int samples;

    private CloseProfile(ProcessHandle postgres, String jdbcUrl, String user, String password, boolean sampleConnections) {
        this.postgres = postgres;
        this.cpuBefore = cpuByProcess();
        sampler = sampleConnections
                ? Thread.ofPlatform().daemon().name("close-bench-activity").start(() -> sample(jdbcUrl, user, password))
                : null;
    }

    /**
     * {@code db}: a connection to the service's database, to find PostgreSQL's processes if it runs
     * here; {@code sampleConnections}: also sample {@code pg_stat_activity} (costs CPU of its own).
     */
    static CloseProfile start(Connection db, String jdbcUrl, String user, String password, boolean sampleConnections)
            throws SQLException {
        ProcessHandle postmaster = null;
        try (Statement statement = db.createStatement(); ResultSet row = statement.executeQuery("select pg_backend_pid()")) {
            row.next();
            postmaster = ProcessHandle.of(row.getLong(1)).flatMap(ProcessHandle::parent).orElse(null);
        }
        return new CloseProfile(postmaster, jdbcUrl, user, password, sampleConnections);
    }

    void stop() throws InterruptedException {
        sampling.set(false);
        if (sampler != null) {
            sampler.join();
        }
    }

    void report(double seconds) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        cpu.put("invoicing JVM", 0.0);
        cpu.put("PostgreSQL", 0.0);
        cpu.put("launcher (broker, bench)", 0.0);
        long self = ProcessHandle.current().pid();
        for (ProcessHandle process : processes()) {
            String command = process.info().command().orElse("");
            String group = process.pid() == self ? "launcher (broker, bench)"
                    : command.endsWith("/postgres") ? "PostgreSQL"
                    : command.endsWith("/java") ? "invoicing JVM" : null;
            Duration now = process.info().totalCpuDuration().orElse(null);
            if (group != null && now != null) {
                Duration before = cpuBefore.getOrDefault(process.pid(), Duration.ZERO);
                cpu.merge(group, now.minus(before).toNanos() / 1e9, Double::sum);
            }
        }
        int cores = Runtime.getRuntime().availableProcessors();
        StringBuilder line = new StringBuilder();
        cpu.forEach((group, used) -> line.append(line.isEmpty() ? "" : ", ").append(String.format("%s %.1fs", group, used)));
        Console.say(String.format("  CPU used during the close (%d cores × %.1fs = %.1f CPU-s): %s", cores, seconds,
                cores * seconds, line));
        int total = activity.values().stream().mapToInt(Integer::intValue).sum();
        if (total == 0) {
            return;
        }
        Console.say(String.format("  invoicing's busy connections, %,d samples of pg_stat_activity (50 ms apart; "
                + "on average %.1f connections busy):", total, (double) total / Math.max(1, samples)));
        activity.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(14)
                .forEach(each -> Console.say(String.format("    %5.1f%%  %s", 100.0 * each.getValue() / total, each.getKey())));
    }

    private void sample(String jdbcUrl, String user, String password) {
        try (Connection db = DriverManager.getConnection(jdbcUrl, user, password);
                Statement statement = db.createStatement()) {
            while (sampling.get()) {
                try (ResultSet rows = statement.executeQuery("""
                        select state, wait_event_type, wait_event, query from pg_stat_activity
                        where datname = current_database() and pid <> pg_backend_pid()
                          and backend_type = 'client backend' and state <> 'idle'""")) {
                    while (rows.next()) {
                        activity.merge(label(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4)), 1,
                                Integer::sum);
                    }
                }
                samples++;
                Stack.sleep(Duration.ofMillis(50));
            }
        } catch (SQLException e) {
            Console.say("  (pg_stat_activity sampling stopped: " + e.getMessage() + ")");
        }
    }

    /** Running a statement, waiting (for a lock, I/O, ...) in one, or idle in a transaction. */
    static String label(String state, String waitType, String waitEvent, String query) {
        if (state != null && state.startsWith("idle in transaction")) {
            return "idle in transaction (the service between statements: its own work and the round trip)";
        }
        String statement = statement(query);
        if (waitType == null) {
            return "running    " + statement;
        }
        return ("Lock".equals(waitType) ? "lock wait  " : "waiting    ") + statement + " (" + waitType + "/" + waitEvent + ")";
    }

    /** The kind of statement and its table: {@code update rated_usage}, {@code select from invoice}. */
    static String statement(String query) {
        if (query == null) {
            return "?";
        }
        String q = query.toLowerCase(Locale.ROOT).replace("\"", "").replace("public.", "").strip().replaceAll("\\s+", " ");
        Matcher verb = VERB.matcher(q);
        if (!verb.find()) {
            return q.length() > 50 ? q.substring(0, 50) : q;
        }
        String rest = q.substring(verb.end());
        String table;
        if (verb.group(1).equals("select") || verb.group(1).equals("with")) {
            Matcher from = FROM.matcher(" " + rest);
            table = from.find() ? "from " + from.group(1) : rest.length() > 40 ? rest.substring(0, 40) : rest;
        } else {
            table = rest.split("[\\s(]", 2)[0];
        }
        return verb.group(1) + " " + table + (q.contains(" for update") ? " for update" : "")
                + (q.contains(" returning ") ? " returning" : "");
    }

    /** This process, its children (the service JVMs), and the PostgreSQL server with its backends if it runs here. */
    private List<ProcessHandle> processes() {
        List<ProcessHandle> processes = new ArrayList<>(ProcessHandle.current().descendants().toList());
        processes.add(ProcessHandle.current());
        if (postgres != null) {
            processes.add(postgres);
            postgres.descendants().forEach(processes::add);
        }
        return processes.stream().distinct().toList();
    }

    private Map<Long, Duration> cpuByProcess() {
        Map<Long, Duration> cpu = new HashMap<>();
        processes().forEach(process -> process.info().totalCpuDuration().ifPresent(used -> cpu.put(process.pid(), used)));
        return cpu;
    }
}
