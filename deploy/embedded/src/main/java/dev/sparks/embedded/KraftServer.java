package dev.sparks.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node Kafka server (broker and KRaft controller in one, Apache Kafka's own server
 * classes, no test kit) whose log directory outlives it: topics, records, consumer group offsets
 * and transaction state are all in that directory, formatted once and reused on every start.
 */
final class KraftServer implements AutoCloseable {

    private final KafkaRaftServer server;
    private final KafkaLogDirectory directory;
    private final String bootstrapServers;

    private KraftServer(KafkaRaftServer server, KafkaLogDirectory directory, String bootstrapServers) {
        this.server = server;
        this.directory = directory;
        this.bootstrapServers = bootstrapServers;
    }

    /** {@code port} 0 takes a free one; a restart must then be given the port this start chose. */
    static KraftServer start(Path logDir, int requestedPort) {
        int port = requestedPort > 0 ? requestedPort : freePort();
        KafkaLogDirectory directory = KafkaLogDirectory.prepare(logDir);
        // A static quorum keeps the controller's address out of the log, so the controller may take
        // any free port on each start; only the broker's port must stay what clients were given.
        KafkaConfig config = new KafkaConfig(properties(logDir, port, freePort()), false);
        directory.formatOnce(config);
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        directory.inUse();
        try {
            server.startup();
        } catch (RuntimeException e) {
            stopQuietly(server);
            directory.released();
            throw new IllegalStateException("Kafka did not start on port " + port + " with its log in " + logDir
                    + ": " + e.getMessage(), e);
        }
        return new KraftServer(server, directory, "localhost:" + port);
    }

    private static Map<String, Object> properties(Path logDir, int port, int controllerPort) {
        Map<String, Object> properties = new HashMap<>(EmbeddedKafka.BROKER_PROPERTIES);
        properties.put("process.roles", "broker,controller");
        properties.put("node.id", "1");
        properties.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        properties.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        properties.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        properties.put("controller.listener.names", "CONTROLLER");
        properties.put("inter.broker.listener.name", "PLAINTEXT");
        properties.put("log.dirs", logDir.toString());
        properties.put("metadata.log.dir", logDir.toString());
        return properties;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port for Kafka's controller", e);
        }
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    /** Controlled shutdown: the broker leaves the cluster, logs are flushed and marked clean. */
    @Override
    public void close() {
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            directory.released();
        }
    }

    private static void stopQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException ignored) {
            // the start failure is what the caller needs to see
        }
    }

    static boolean isFormatted(Path logDir) {
        return Files.isRegularFile(logDir.resolve("meta.properties"));
    }
}
