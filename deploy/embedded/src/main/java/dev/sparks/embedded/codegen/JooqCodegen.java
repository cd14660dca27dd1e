package dev.sparks.embedded.codegen;

import dev.sparks.embedded.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Jdbc;
import org.jooq.meta.jaxb.Target;

/**
 * Build step: generates a module's jOOQ classes from its Flyway migrations by applying them to an
 * embedded PostgreSQL and reading the live schema back. Called by the parent POM's
 * {@code jooq-codegen} profile with the module directory and the output directory.
 *
 * <p>The module's {@code jooq.properties} names the target {@code package}, the migration
 * {@code locations} (Flyway syntax; {@code filesystem:} paths are relative to the module) and the
 * tables to {@code exclude} (a regular expression). Generation is skipped when neither the
 * properties nor the module's own migration files changed since the last run.
 */
public final class JooqCodegen {

    private static final String STAMP = ".migrations.sha256";

    private JooqCodegen() {}

    public static void main(String[] args) throws Exception {
        Path module = Path.of(args[0]);
        Path output = Path.of(args[1]);
        Properties settings = new Properties();
        try (Reader reader = Files.newBufferedReader(module.resolve("jooq.properties"))) {
            settings.load(reader);
        }
        List<String> locations = Arrays.stream(settings.getProperty("locations").split(","))
                .map(String::trim)
                .map(location -> location.startsWith("filesystem:")
                        ? "filesystem:" + module.resolve(location.substring("filesystem:".length()))
                        : location)
                .toList();
        String fingerprint = fingerprint(module, locations);
        Path stamp = output.resolve(STAMP);
        if (Files.exists(stamp) && Files.readString(stamp).equals(fingerprint)) {
            System.out.println("[jooq] generated classes are up to date with the migrations");
            return;
        }
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.startTemporary(0)) {
            postgres.ensureDatabase("codegen");
            String url = postgres.jdbcUrl("codegen");
            Flyway.configure(Thread.currentThread().getContextClassLoader())
                    .dataSource(url, EmbeddedPostgresServer.USER, null)
                    .locations(locations.toArray(String[]::new))
                    .load()
                    .migrate();
            GenerationTool.generate(configuration(url, settings, output));
        }
        Files.writeString(stamp, fingerprint);
    }

    private static Configuration configuration(String url, Properties settings, Path output) {
        return new Configuration()
                .withJdbc(new Jdbc().withDriver("org.postgresql.Driver").withUrl(url).withUser(EmbeddedPostgresServer.USER))
                .withGenerator(new Generator()
                        .withDatabase(new Database()
                                .withName("org.jooq.meta.postgres.PostgresDatabase")
                                .withInputSchema("public")
                                .withOutputSchemaToDefault(true)
                                .withExcludes(settings.getProperty("excludes", "flyway_schema_history")))
                        .withGenerate(new Generate().withJavaTimeTypes(true).withRecords(true).withPojos(false))
                        .withTarget(new Target()
                                .withPackageName(settings.getProperty("package"))
                                .withDirectory(output.toString())
                                .withClean(true)));
    }

    private static String fingerprint(Path module, List<String> locations) throws IOException {
        MessageDigest digest = sha256();
        digest.update(Files.readAllBytes(module.resolve("jooq.properties")));
        for (String location : locations) {
            if (!location.startsWith("filesystem:")) {
                continue;
            }
            Path folder = Path.of(location.substring("filesystem:".length()));
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    digest.update(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                    digest.update(Files.readAllBytes(file));
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
