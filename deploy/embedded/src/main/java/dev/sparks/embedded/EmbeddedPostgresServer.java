package dev.sparks.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL server from the binaries zonky ships in Maven Central jars. One server hosts
 * one database per service, as separate servers would in production.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    public static final String USER = "postgres";

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** A throwaway server: data is deleted on close. {@code port} 0 picks a free one. */
    public static EmbeddedPostgresServer startTemporary(int port) {
        return start(builder(port).setCleanDataDirectory(true));
    }

    /** A server whose data survives restarts in {@code dataDirectory}. */
    public static EmbeddedPostgresServer startPersistent(Path dataDirectory, int port) {
        return start(builder(port).setDataDirectory(dataDirectory.toFile()).setCleanDataDirectory(false));
    }

    private static EmbeddedPostgres.Builder builder(int port) {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setServerConfig("max_connections", "300")
                .setPGStartupWait(java.time.Duration.ofSeconds(60));
        return port > 0 ? builder.setPort(port) : builder;
    }

    private static EmbeddedPostgresServer start(EmbeddedPostgres.Builder builder) {
        try {
            return new EmbeddedPostgresServer(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("Embedded PostgreSQL did not start", e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    /** Creates {@code database} unless it exists; safe to call on every start. */
    public void ensureDatabase(String database) {
        if (!database.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("Not a plain database name: " + database);
        }
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                PreparedStatement exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, database);
            try (ResultSet rows = exists.executeQuery()) {
                if (rows.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("create database " + database);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + database, e);
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
