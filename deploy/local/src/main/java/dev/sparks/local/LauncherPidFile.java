package dev.sparks.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * {@code launcher.pid} in the state folder: which launcher owns the folder. The launcher holds an
 * OS lock on the file while it runs, which the operating system drops when the process dies, even
 * by {@code kill -9}. A file that still names a pid but is not locked therefore means the last run
 * was killed: a clean stop empties it.
 */
final class LauncherPidFile implements AutoCloseable {

    static final class AlreadyRunning extends IllegalStateException {
        AlreadyRunning(String message) {
            super(message);
        }
    }

    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;
    private final Optional<String> killedPid;

    private LauncherPidFile(Path path, FileChannel channel, FileLock lock, Optional<String> killedPid) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
        this.killedPid = killedPid;
    }

    static LauncherPidFile claim(Path stateDir) {
        Path path = stateDir.resolve("launcher.pid");
        try {
            Files.createDirectories(stateDir);
            FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            // Read through this channel only: with POSIX locks, closing any other descriptor of the
            // file would drop the lock this process holds on it.
            String recorded = contents(channel);
            if (lock == null) {
                channel.close();
                throw new AlreadyRunning("Sparks is already running from " + stateDir + " (launcher pid "
                        + (recorded.isEmpty() ? "unknown" : recorded) + "). Stop it first: kill " + recorded);
            }
            Optional<String> killedPid = recorded.isEmpty() ? Optional.empty() : Optional.of(recorded);
            channel.truncate(0).write(StandardCharsets.UTF_8.encode(ProcessHandle.current().pid() + "\n"), 0);
            channel.force(true);
            return new LauncherPidFile(path, channel, lock, killedPid);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot claim " + path, e);
        }
    }

    private static String contents(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(channel.size(), 4096));
        channel.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).trim();
    }

    /** The pid of the last launcher when it did not stop cleanly (it was killed, or its machine went down). */
    Optional<String> killedPid() {
        return killedPid;
    }

    /** After a clean stop: an empty file, so the next start knows nothing was left behind. */
    @Override
    public void close() {
        try {
            channel.truncate(0);
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot release " + path, e);
        }
    }
}
