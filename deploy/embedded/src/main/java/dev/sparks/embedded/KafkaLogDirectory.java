package dev.sparks.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import kafka.server.KafkaConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * A Kafka log directory on disk: formatted once with a cluster id (Kafka writes it to
 * {@code meta.properties}), then reused as it is.
 */
final class KafkaLogDirectory {

    /**
     * Folders of the servers running in this JVM. They are checked without opening their lock file:
     * closing any descriptor of that file would drop the POSIX lock the running server holds.
     */
    private static final Set<Path> IN_THIS_PROCESS = ConcurrentHashMap.newKeySet();

    private final Path path;

    private KafkaLogDirectory(Path path) {
        this.path = path;
    }

    /**
     * Creates the directory if needed and fails clearly when a live server uses it. Kafka guards
     * its directory with an OS file lock on {@code .lock}: the operating system drops that lock when
     * its process dies, so the file a killed server leaves behind does not block the next start.
     */
    static KafkaLogDirectory prepare(Path path) {
        try {
            Files.createDirectories(path);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create Kafka's log directory " + path, e);
        }
        if (IN_THIS_PROCESS.contains(path.toAbsolutePath())) {
            throw inUse(path, "a Kafka server in this process");
        }
        Path lockFile = path.resolve(".lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw inUse(path, "another process");
            }
            lock.release();
        } catch (OverlappingFileLockException e) {
            throw inUse(path, "another channel of this process");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot check Kafka's lock file " + lockFile, e);
        }
        return new KafkaLogDirectory(path);
    }

    /** Marks the folder as used by a server of this JVM until {@link #released()}. */
    void inUse() {
        IN_THIS_PROCESS.add(path.toAbsolutePath());
    }

    void released() {
        IN_THIS_PROCESS.remove(path.toAbsolutePath());
    }

    private static IllegalStateException inUse(Path path, String holder) {
        return new IllegalStateException("Kafka's log directory " + path + " is in use by " + holder
                + " (it holds " + path.resolve(".lock") + "); stop that one first");
    }

    /** What {@code kafka-storage.sh format --cluster-id <new id>} does with a static controller quorum. */
    void formatOnce(KafkaConfig config) {
        if (KraftServer.isFormatted(path)) {
            return;
        }
        try {
            new Formatter()
                    .setNodeId(config.nodeId())
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName(config.controllerListenerNames().getFirst())
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .setHasDynamicQuorum(false)
                    .setDirectories(List.of(path.toString()))
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format Kafka's log directory " + path + ": " + e.getMessage(), e);
        }
    }
}
