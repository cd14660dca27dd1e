package dev.sparks.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
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

    /**
     * A server whose data survives restarts in {@code dataDirectory}; its log goes to
     * {@code postgres.log} beside that folder. A server an earlier process left running on the
     * folder is stopped first. Fails with the reason, never waits without a bound.
     */
    public static EmbeddedPostgresServer startPersistent(Path dataDirectory, int port) {
        if (Files.exists(dataDirectory) && !Files.isDirectory(dataDirectory)) {
            throw new IllegalStateException("PostgreSQL's data folder " + dataDirectory + " is not a folder");
        }
        LeftoverPostgres.stopIfRunning(dataDirectory);
        Path log = dataDirectory.resolveSibling(dataDirectory.getFileName() + ".log");
        requireFree(port, dataDirectory);
        try {
            Files.createDirectories(dataDirectory.getParent());
            return start(builder(port).setDataDirectory(dataDirectory.toFile()).setCleanDataDirectory(false)
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile())));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("PostgreSQL did not start with its data in " + dataDirectory + " (see " + log
                    + "): " + rootMessage(e), e);
        }
    }

    private static void requireFree(int port, Path dataDirectory) {
        if (port <= 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new IllegalStateException("Port " + port + " for PostgreSQL (data in " + dataDirectory
                    + ") is taken by another program: " + e.getMessage());
        }
    }

    private static String rootMessage(Throwable e) {
        StringBuilder message = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            message.append("; ").append(cause.getMessage());
        }
        return message.toString();
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
