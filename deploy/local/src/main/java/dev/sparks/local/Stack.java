package dev.sparks.local;

import dev.sparks.embedded.EmbeddedIssuer;
import dev.sparks.embedded.EmbeddedKafka;
import dev.sparks.embedded.EmbeddedPostgresServer;
import dev.sparks.embedded.EmbeddedSmtp;
import dev.sparks.embedded.stripe.StripeStandIn;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole platform on one machine: the embedded infrastructure in this process (unless
 * external Kafka, PostgreSQL or SMTP are configured) and each service as its own process from its
 * own jar, exactly as deployed.
 *
 * <p>External infrastructure, set before {@code ./sparks up|demo}: {@code SPRING_KAFKA_BOOTSTRAP_SERVERS};
 * {@code SPARKS_JDBC_BASE_URL} (e.g. {@code jdbc:postgresql://db:5432/}, one database per service is
 * appended) with {@code SPRING_DATASOURCE_USERNAME}/{@code PASSWORD}; {@code SPRING_MAIL_HOST}/{@code PORT}.
 */
public final class Stack implements AutoCloseable {

    /**
     * @param quickStart start services with the C1 compiler only: faster start, slower steady state
     *                   (the demo and tests want the first, the benchmark the second)
     * @param clockAt    the instant every service's clock starts from (null: {@value #CLOCK} if set, else real time)
     * @param adjustableClock whether {@link #moveClock} may move the services' time (demo and tests)
     */
    public record Options(Path root, Path stateDir, boolean persistent, int kafkaPort, int postgresPort, int smtpPort,
            String apiKey, boolean quickStart, Instant clockAt, boolean adjustableClock) {

        public Options(Path root, Path stateDir, boolean persistent, int kafkaPort, int postgresPort, int smtpPort,
                String apiKey, boolean quickStart) {
            this(root, stateDir, persistent, kafkaPort, postgresPort, smtpPort, apiKey, quickStart, null, false);
        }

        /** The same stack with every service's time starting at {@code at}, movable by the caller. */
        public Options startingAt(Instant at) {
            return new Options(root, stateDir, persistent, kafkaPort, postgresPort, smtpPort, apiKey, quickStart, at, true);
        }
    }

    /**
     * Pins every service's business time: {@code SPARKS_CLOCK=2027-02-28T23:59:30Z ./sparks up}
     * (optionally {@value #CLOCK_RATE}, virtual seconds per real second), so dates do not depend on
     * the day the stack runs.
     */
    public static final String CLOCK = "SPARKS_CLOCK";
    /**
     * The machine's time, which a pinned business clock is anchored to: the one place the launcher
     * reads it. Services never do; they get business time from their injected clock.
     */
    private static final java.time.Clock REAL_TIME = java.time.Clock.systemUTC();
    public static final String CLOCK_RATE = "SPARKS_CLOCK_RATE";

    /**
     * The machine's time, for what is measured in it rather than in business time: Kafka producers
     * stamp records with it, so the age of a waiting record (lag in seconds) is measured against it
     * even when the services' clocks are pinned to another date.
     */
    static java.time.Clock machineClock() {
        return REAL_TIME;
    }

    /** The API identifier tokens are issued for, as configured in an Auth0 tenant's API settings. */
    public static final String AUDIENCE = "https://api.sparks.dev";
    static final String AUTH_ISSUER = "SPARKS_PLATFORM_AUTH_ISSUER";
    static final String AUTH_AUDIENCE = "SPARKS_PLATFORM_AUTH_AUDIENCE";
    private static final java.util.Set<String> TOKEN_SERVICES = java.util.Set.of("subscription-service", "invoicing-service",
            "payment-gateway-service");
    /** Set, the payment gateway talks to that Stripe account and no stand-in runs (seed 003's names). */
    static final String STRIPE_SECRET_KEY = "STRIPE_SECRET_KEY";
    /** The stand-in's keys: test-mode shaped, good for this machine's stand-in only. */
    private static final String STANDIN_SECRET_KEY = "sk_test_sparks_local_standin";
    private static final String STANDIN_WEBHOOK_SECRET = "whsec_sparks_local_standin";

    private final Options options;
    private final Map<String, String> environment;
    private final List<AutoCloseable> infrastructure = new ArrayList<>();
    private final Map<ServiceSpec, Process> services = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile EmbeddedSmtp smtp;
    /** The SMTP server's port, also while a chaos run has it stopped: services restarted then still find it later. */
    private int smtpPort;
    private volatile boolean mailRefused;
    private EmbeddedKafka kafka;
    private EmbeddedPostgresServer postgres;
    private EmbeddedIssuer issuer;
    private StripeStandIn stripe;
    private String bootstrapServers;
    private String jdbcBaseUrl;
    /** The real instant the pinned clock starts from, the same for every service. */
    private volatile Instant clockAnchor = REAL_TIME.instant();
    /** Where the last {@link #moveClock} put business time (at {@link #clockAnchor}); null before. */
    private volatile Instant movedTo;
    /** Held while the clock moves or a service starts, so that no service starts at the old time. */
    private final Object clockLock = new Object();
    /** Mail received by SMTP servers this stack has since restarted. */
    private final List<MimeMessage> earlierMail = new java.util.concurrent.CopyOnWriteArrayList<>();

    public Stack(Options options, Map<String, String> environment) {
        this.options = options;
        this.environment = environment;
    }

    public Stack start() {
        return start(ServiceSpec.ALL);
    }

    /** The infrastructure and only {@code which} of the services: for a benchmark of one service alone. */
    public Stack start(List<ServiceSpec> which) {
        // Services are separate processes: stop them even when this one is interrupted (Ctrl-C).
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "sparks-stack-stop"));
        startInfrastructure();
        Console.say("Starting " + (which.size() == ServiceSpec.ALL.size() ? "the six services" : String.join(", ",
                which.stream().map(ServiceSpec::module).toList())) + " (each its own JVM; logs in " + logDir() + ")");
        for (ServiceSpec spec : which) {
            services.put(spec, launch(spec));
        }
        for (ServiceSpec spec : which) {
            Console.step("waiting for " + spec.module() + " on " + spec.url(), () -> awaitHealthy(spec));
        }
        return this;
    }

    private void startInfrastructure() {
        Console.say("Starting infrastructure");
        bootstrapServers = environment.get("SPRING_KAFKA_BOOTSTRAP_SERVERS");
        if (bootstrapServers == null) {
            kafka = Console.step("Kafka broker (KRaft, in-process" + (options.persistent() ? ", log in "
                    + options.stateDir().resolve("kafka") : ", throwaway") + ")", () -> options.persistent()
                    ? EmbeddedKafka.startPersistent(options.stateDir().resolve("kafka"), options.kafkaPort())
                    : EmbeddedKafka.start(options.kafkaPort()));
            infrastructure.add(kafka);
            bootstrapServers = kafka.bootstrapServers();
        }
        jdbcBaseUrl = environment.get("SPARKS_JDBC_BASE_URL");
        if (jdbcBaseUrl == null) {
            postgres = Console.step("PostgreSQL (embedded" + (options.persistent() ? ", data in "
                    + options.stateDir().resolve("postgres") : ", throwaway") + ")", () -> options.persistent()
                    ? EmbeddedPostgresServer.startPersistent(options.stateDir().resolve("postgres"), options.postgresPort())
                    : EmbeddedPostgresServer.startTemporary(options.postgresPort()));
            infrastructure.add(postgres);
            ServiceSpec.ALL.forEach(spec -> postgres.ensureDatabase(spec.database()));
            jdbcBaseUrl = "jdbc:postgresql://localhost:" + postgres.port() + "/";
        }
        if (environment.get("SPRING_MAIL_HOST") == null) {
            smtp = Console.step("SMTP server (GreenMail, in-process)", () -> EmbeddedSmtp.start(options.smtpPort()));
            smtpPort = smtp.port();
            infrastructure.add(smtp);
        }
        if (environment.get(AUTH_ISSUER) == null) {
            issuer = Console.step("development token issuer (Auth0 stand-in, JWKS served locally)",
                    () -> EmbeddedIssuer.start(0, DevTokens.clock(this::now)));
            infrastructure.add(issuer);
        }
        if (environment.get(STRIPE_SECRET_KEY) == null) {
            stripe = Console.step("Stripe stand-in (Stripe's API and signed webhooks, served locally)",
                    () -> StripeStandIn.start(0, STANDIN_SECRET_KEY, businessClock()));
            stripe.webhooks().endpoint(java.net.URI.create(ServiceSpec.named("payment-gateway-service").url() + "/stripe/webhook"),
                    STANDIN_WEBHOOK_SECRET);
            infrastructure.add(stripe);
        }
    }

    /**
     * Business time as the services keep it (the same pin, anchor and rate): the Stripe stand-in
     * stamps and signs its webhooks with it, and the gateway checks their age against its own clock.
     */
    private java.time.Clock businessClock() {
        return new java.time.Clock() {
            @Override
            public Instant instant() {
                Optional<Instant> base = movedTo != null ? Optional.of(movedTo) : pinnedAt();
                if (base.isEmpty()) {
                    return REAL_TIME.instant();
                }
                java.math.BigDecimal elapsed = java.math.BigDecimal.valueOf(Duration.between(clockAnchor, REAL_TIME.instant()).toNanos());
                return base.get().plusNanos(elapsed.multiply(new java.math.BigDecimal(environment.getOrDefault(CLOCK_RATE, "1")))
                        .longValue());
            }

            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        };
    }

    private Process launch(ServiceSpec spec) {
        Path jar = options.root().resolve(spec.module()).resolve("target").resolve(spec.module() + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Missing " + jar + ": build first (./sparks builds it)");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-Xmx384m"));
        if (options.quickStart()) {
            command.add("-XX:TieredStopAtLevel=1");
        }
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.putAll(environment);
        env.put("SERVER_PORT", String.valueOf(spec.port()));
        env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("SPRING_DATASOURCE_URL", jdbcBaseUrl + spec.database());
        env.putIfAbsent("SPRING_DATASOURCE_USERNAME", EmbeddedPostgresServer.USER);
        env.put("SPARKS_PLATFORM_API_KEYS", options.apiKey());
        Optional<Instant> pinned = movedTo != null ? Optional.of(movedTo) : pinnedAt();
        pinned.ifPresent(at -> {
            env.put("SPARKS_PLATFORM_CLOCK_AT", at.toString());
            env.put("SPARKS_PLATFORM_CLOCK_ANCHOR", clockAnchor.toString());
            env.put("SPARKS_PLATFORM_CLOCK_RATE", environment.getOrDefault(CLOCK_RATE, "1"));
        });
        if (options.adjustableClock()) {
            env.put("SPARKS_PLATFORM_CLOCK_ADJUSTABLE", "true");
        }
        // One instance per service here: a fixed id lets a restart fence its crashed predecessor.
        env.put("SPARKS_INGEST_INSTANCE_ID", "local");
        // Customer tokens are accepted by the services whose routes check callers; the others keep API keys only.
        if (issuer != null && TOKEN_SERVICES.contains(spec.module())) {
            env.put(AUTH_ISSUER, issuer.issuer());
            env.put(AUTH_AUDIENCE, AUDIENCE);
        }
        if (stripe != null && spec.module().equals("payment-gateway-service")) {
            env.put(STRIPE_SECRET_KEY, STANDIN_SECRET_KEY);
            env.put("STRIPE_WEBHOOK_SECRET", STANDIN_WEBHOOK_SECRET);
            env.put("STRIPE_API_BASE", stripe.apiBase());
        }
        if (spec.equals(ServiceSpec.CONSOLE)) {
            env.putAll(consoleEnvironment());
        }
        if (smtp != null) {
            env.put("SPRING_MAIL_HOST", "127.0.0.1");
            env.put("SPRING_MAIL_PORT", String.valueOf(smtpPort));
        }
        try {
            Files.createDirectories(logDir());
            Path log = logDir().resolve(spec.module() + ".log");
            builder.redirectErrorStream(true).redirectOutput(log.toFile());
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + spec.module(), e);
        }
    }

    /**
     * Starts the web console after the services, signing in through the development issuer with
     * the sample users of {@link DevTokens#SIGN_IN_USERS}; it stops with the stack.
     */
    public void startConsole() {
        ServiceSpec spec = ServiceSpec.CONSOLE;
        issuer().ifPresent(dev -> {
            dev.addClient(DevTokens.CONSOLE_CLIENT, List.of(spec.url() + "/login/callback"));
            DevTokens.SIGN_IN_USERS.forEach(dev::addUser);
        });
        services.put(spec, launch(spec));
        Console.step("waiting for console on " + spec.url(), () -> awaitHealthy(spec));
    }

    /** The console calls the services over HTTP with the signed-in user's token; the key is for its public pricing page. */
    private Map<String, String> consoleEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SPARKS_CONSOLE_PUBLIC_URL", ServiceSpec.CONSOLE.url());
        env.put("SPARKS_CONSOLE_SERVICE_KEY", options.apiKey());
        env.put("SPARKS_CONSOLE_SERVICES_SUBSCRIPTION", ServiceSpec.named("subscription-service").url());
        env.put("SPARKS_CONSOLE_SERVICES_INVOICING", ServiceSpec.named("invoicing-service").url());
        env.put("SPARKS_CONSOLE_SERVICES_RATING", ServiceSpec.named("rating-service").url());
        env.put("SPARKS_CONSOLE_AUTH_CLIENT_ID", DevTokens.CONSOLE_CLIENT);
        env.put("SPARKS_CONSOLE_AUTH_AUDIENCE", AUDIENCE);
        if (issuer != null) {
            env.put("SPARKS_CONSOLE_AUTH_ISSUER", issuer.issuer());
        }
        return env;
    }

    private void awaitHealthy(ServiceSpec spec) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() - deadline < 0) {
            Process process = services.get(spec);
            if (!process.isAlive()) {
                throw new IllegalStateException(spec.module() + " exited with " + process.exitValue() + "; see "
                        + logDir().resolve(spec.module() + ".log"));
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(spec.url() + "/actuator/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && health.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(Duration.ofMillis(300));
        }
        throw new IllegalStateException(spec.module() + " did not become healthy; see " + logDir().resolve(spec.module() + ".log"));
    }

    /** The instant the services' clocks start from, when pinned. */
    public java.util.Optional<Instant> pinnedAt() {
        if (options.clockAt() != null) {
            return java.util.Optional.of(options.clockAt());
        }
        return java.util.Optional.ofNullable(environment.get(CLOCK)).filter(value -> !value.isBlank()).map(value -> {
            try {
                return Instant.parse(value.trim());
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException(CLOCK + " must be an instant such as 2027-02-28T23:59:30Z, got '" + value + "'");
            }
        });
    }

    /**
     * Moves every running service's business time to {@code virtualNow}, then runs it at real speed.
     * A service that is down (killed by a chaos run) starts again at the moved time.
     */
    public void moveClock(Instant virtualNow) {
        if (!options.adjustableClock()) {
            throw new IllegalStateException("This stack's clock is not adjustable");
        }
        SparksClient client = new SparksClient(options.apiKey());
        synchronized (clockLock) {
            clockAnchor = REAL_TIME.instant();
            movedTo = virtualNow;
            for (Map.Entry<ServiceSpec, Process> service : services.entrySet()) {
                if (service.getKey().equals(ServiceSpec.CONSOLE)) {
                    continue; // no business clock of its own
                }
                String url = service.getKey().url() + "/v1/admin/clock";
                SparksClient.Response moved = null;
                try {
                    moved = client.put(url, "{\"now\":\"" + virtualNow + "\"}");
                } catch (IllegalStateException down) {
                    if (!service.getValue().isAlive()) {
                        continue;
                    }
                    throw down;
                }
                if (moved.status() != 200) {
                    throw new IllegalStateException(service.getKey().module() + " refused to move its clock: "
                            + moved.status() + " " + moved.body());
                }
            }
        }
    }

    /** The services' business time: what subscription-service says it is now. */
    public Instant now() {
        if (!options.adjustableClock()) {
            return pinnedAt().map(at -> at.plus(Duration.between(clockAnchor, REAL_TIME.instant())))
                    .orElseGet(REAL_TIME::instant);
        }
        SparksClient.Response clock = new SparksClient(options.apiKey())
                .get(ServiceSpec.named("subscription-service").url() + "/v1/admin/clock");
        return Instant.parse(clock.body().get("now").asString());
    }

    public Path logDir() {
        return options.stateDir().resolve("logs");
    }

    public String apiKey() {
        return options.apiKey();
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The JDBC URL the stack gives a service for its database (user SPRING_DATASOURCE_USERNAME, else postgres). */
    public String jdbcUrl(String database) {
        return jdbcBaseUrl + database;
    }

    /** What the embedded SMTP server received; empty when an external server is used. */
    public List<MimeMessage> mail() {
        if (smtp == null) {
            return List.of();
        }
        List<MimeMessage> all = new ArrayList<>(earlierMail);
        if (!mailRefused) {
            all.addAll(smtp.receivedMessages());
        }
        return all;
    }

    /** The Stripe stand-in, absent when a Stripe account ({@value #STRIPE_SECRET_KEY}) is configured. */
    public Optional<StripeStandIn> stripe() {
        return Optional.ofNullable(stripe);
    }

    /** The development issuer, absent when an external one ({@value #AUTH_ISSUER}) is configured. */
    public java.util.Optional<EmbeddedIssuer> issuer() {
        return java.util.Optional.ofNullable(issuer);
    }

    public boolean usesEmbeddedSmtp() {
        return smtp != null;
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        services.values().forEach(Process::destroy);
        for (Process process : services.values()) {
            try {
                if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        for (int i = infrastructure.size() - 1; i >= 0; i--) {
            try {
                infrastructure.get(i).close();
            } catch (Exception e) {
                System.err.println("Could not stop " + infrastructure.get(i) + ": " + e.getMessage());
            }
        }
    }

    // Fault injection for ./sparks chaos: what a crash, a broker or database restart and a mail outage do.

    /** SIGKILL, as a crash or the OOM killer would: no shutdown hook runs, nothing is closed cleanly. */
    void kill(String module) {
        Process process = services.get(ServiceSpec.named(module));
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts the service again, at the stack's business time, and waits until it is healthy. */
    void restart(String module) {
        ServiceSpec spec = ServiceSpec.named(module);
        synchronized (clockLock) {
            services.put(spec, launch(spec));
            awaitHealthy(spec);
        }
    }

    /** Stops the SMTP server for {@code outage} (connections are refused), then starts it again on its port. */
    void refuseMailFor(Duration outage) {
        EmbeddedSmtp stopped = smtp;
        mailRefused = true;
        earlierMail.addAll(stopped.receivedMessages());
        infrastructure.remove(stopped);
        stopped.close();
        sleep(outage);
        smtp = EmbeddedSmtp.start(smtpPort);
        infrastructure.add(smtp);
        mailRefused = false;
    }

    /** Stops the broker and starts it again on the same log and port; clients reconnect by themselves. */
    void restartKafka() {
        if (kafka == null || !options.persistent()) {
            throw new IllegalStateException("Only an embedded broker with a persistent log can be restarted");
        }
        int port = Integer.parseInt(kafka.bootstrapServers().substring(kafka.bootstrapServers().lastIndexOf(':') + 1));
        infrastructure.remove(kafka);
        kafka.close();
        kafka = EmbeddedKafka.startPersistent(options.stateDir().resolve("kafka"), port);
        infrastructure.add(kafka);
    }

    /** Stops PostgreSQL (fast shutdown: sessions are cut) and starts it again on the same data and port. */
    void restartPostgres() {
        if (postgres == null || !options.persistent()) {
            throw new IllegalStateException("Only an embedded PostgreSQL with persistent data can be restarted");
        }
        int port = postgres.port();
        infrastructure.remove(postgres);
        postgres.close();
        postgres = EmbeddedPostgresServer.startPersistent(options.stateDir().resolve("postgres"), port);
        infrastructure.add(postgres);
    }
}
